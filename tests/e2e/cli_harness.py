"""Helpers shared by the end-to-end tests: run the built binary with a clean environment."""
import os
import subprocess
import tempfile

BINARY = os.environ.get("SMP_BINARY", "build/debug/src/cli/sagemaker-provider")


def clean_env(**extra):
    """An environment without the machine's AWS settings: HOME points at an empty folder."""
    home = tempfile.mkdtemp(prefix="smp-home-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
           "AWS_EC2_METADATA_DISABLED": "true"}
    for key in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update(extra)
    return env


def run(args, env=None, stdin=None, timeout=120):
    return subprocess.run([BINARY, *args], input=stdin, capture_output=True, env=env or clean_env(),
                          timeout=timeout)
