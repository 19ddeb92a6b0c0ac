# nbconvert configuration for executing the notebooks with Deno's Jupyter kernel
# (used by scripts/run-notebooks.sh: `jupyter nbconvert --config THIS --to notebook --execute ...`).
#
# Why: Deno's kernel (2.x) publishes a cell's outputs (stdout, display data, even the cell's
# value) from other tasks than the one that sends the `idle` status, with only a 5 ms sleep
# between (denoland/deno cli/tools/jupyter/server.rs). On a busy machine an output then arrives
# after `idle`; stock nbclient stops listening at `idle` and drops it. Measured here: 2-8 % of
# cells lost their output; none of 160 with this executor (load average 6 on 2 cores). The late
# messages still carry the right parent header, so this executor routes every output to the cell
# whose request it answers, and after each `idle` keeps listening until IOPub has been quiet for
# `late_output_quiet_s` before the next cell starts (which also keeps a late stdout line from
# being stamped with the next cell's request).
from queue import Empty

from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async
from nbconvert.exporters import Exporter
from nbconvert.preprocessors import ExecutePreprocessor
from traitlets import Float


class LateOutputExecutePreprocessor(ExecutePreprocessor):
    late_output_quiet_s = Float(
        0.1, help="After a cell's idle status, listen until IOPub is quiet this long, s."
    ).tag(config=True)

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        assert self.kc is not None
        if not hasattr(self, "_cell_of_request"):
            self._cell_of_request = {}  # execute request id -> (cell, index)
        self._cell_of_request[parent_msg_id] = (cell, cell_index)
        idle = False
        while True:
            try:
                msg = await ensure_async(
                    self.kc.iopub_channel.get_msg(timeout=self.late_output_quiet_s if idle else None)
                )
            except Empty:
                return
            target = self._cell_of_request.get(msg["parent_header"].get("msg_id"))
            if target is None:
                continue
            try:
                self.process_message(msg, *target)
            except CellExecutionComplete:
                if target[0] is cell:
                    idle = True


c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
# nbconvert's own list with its executor swapped for the one above (`--execute` enables it: it
# reads the ExecutePreprocessor config section as a subclass).
c.NotebookExporter.default_preprocessors = [
    LateOutputExecutePreprocessor if p == "nbconvert.preprocessors.ExecutePreprocessor" else p
    for p in Exporter.class_traits()["default_preprocessors"].default()
]
