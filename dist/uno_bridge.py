"""Hands documents to one running LibreOffice over its UNO pipe, one at a time.

Started by the engine (uno-bridge.ts) next to each long-lived LibreOffice, with the pipe's name as its argument.
It reads one JSON request per line on stdin:
    {"source": path, "output": path, "importFilter": name or null, "importOptions": text or null,
     "exportFilter": name, "exportOptions": text or null}
and answers each with one JSON line on stdout, {"ok": true} once the output file is written, or
{"ok": false, "error": text}. The first line it writes is {"ready": true}, once connected.
LibreOffice's own faults (a crash, a hang) are the engine's to notice: it kills this process with LibreOffice.
"""

import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

# How long to keep trying the pipe: the engine starts this once LibreOffice's accept pipe exists.
CONNECT_SECONDS = 30
# css.document.MacroExecMode.NEVER_EXECUTE: the profile forbids macros too; this says it again for each document.
NEVER_EXECUTE = 0


class LoadFailed(Exception):
    pass


def properties(**values):
    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items() if value is not None)


def connect(pipe_name):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe_name
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(url)
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def convert(desktop, request):
    load = properties(
        Hidden=True,
        ReadOnly=True,
        MacroExecutionMode=NEVER_EXECUTE,
        FilterName=request.get("importFilter"),
        FilterOptions=request.get("importOptions"),
    )
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["source"]), "_blank", 0, load)
    if document is None:
        raise LoadFailed("source file could not be loaded")
    try:
        store = properties(
            FilterName=request["exportFilter"],
            FilterOptions=request.get("exportOptions"),
            Overwrite=True,
        )
        document.storeToURL(uno.systemPathToFileUrl(request["output"]), store)
    finally:
        try:
            document.close(True)
        except Exception:
            document.dispose()


def alive(desktop):
    try:
        desktop.getFrames()
        return True
    except Exception:
        return False


def reason(error):
    message = getattr(error, "Message", None) or str(error)
    if isinstance(error, LoadFailed) or not message:
        return message or type(error).__name__
    return "%s: %s" % (type(error).__name__, message)


def main():
    desktop = connect(sys.argv[1])
    answer({"ready": True})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            convert(desktop, json.loads(line))
            answer({"ok": True})
        except Exception as error:
            if not alive(desktop):
                # LibreOffice went away (a crash, a kill): the engine sees this process end and starts afresh.
                sys.stderr.write("LibreOffice stopped answering: %s\n" % reason(error))
                sys.exit(3)
            answer({"ok": False, "error": reason(error)})


def answer(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
