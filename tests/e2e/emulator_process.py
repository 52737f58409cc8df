"""Starts `sagemaker-provider emulate` on a free loopback port for a test, and stops it after."""
import os
import re
import subprocess
import tempfile
import threading

from cli_harness import BINARY, clean_env


class EmulatorProcess:
    """`with EmulatorProcess(config_yaml) as emu:` gives emu.url; the process ends on exit."""

    def __init__(self, config_text=None, env=None):
        self.config_path = None
        if config_text is not None:
            fd, self.config_path = tempfile.mkstemp(prefix="emulator-", suffix=".yaml")
            with os.fdopen(fd, "w") as f:
                f.write(config_text)
        self.env = env or clean_env()
        self.process = None
        self.url = None

    def __enter__(self):
        args = [BINARY, "emulate", "--listen", "127.0.0.1:0"]
        if self.config_path:
            args += ["--config", self.config_path]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=self.env, text=True)
        for line in self.process.stdout:
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                self.url = match.group(1)
                break
        if not self.url:
            self.process.kill()
            raise RuntimeError("emulator did not start: " + self.process.stderr.read())
        # Keep reading its output so a chatty emulator never blocks on a full pipe.
        self.output = []
        for stream in (self.process.stdout, self.process.stderr):
            threading.Thread(target=lambda s=stream: self.output.extend(s), daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()
        if self.config_path:
            os.unlink(self.config_path)
