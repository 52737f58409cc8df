"""Entry point the Dify plugin daemon runs (`python -m main`): replaces this Python process with
the native runtime built for this machine. exec keeps the PID and the stdin/stdout/stderr pipes,
so the daemon talks to the native program directly. Nothing may be printed to stdout first."""
import os
import platform
import sys

ARCHES = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    machine = platform.machine().lower()
    arch = ARCHES.get(machine)
    binary = os.path.join(here, "bin", arch or machine, "sagemaker-provider")
    if arch is None or not os.path.isfile(binary):
        sys.stderr.write("sagemaker-provider: no native runtime for this machine (%s) in %s\n"
                         % (machine, os.path.join(here, "bin")))
        sys.exit(1)
    # The daemon extracts every file with mode 0644.
    os.chmod(binary, 0o755)
    env = dict(os.environ)
    libs = os.path.join(here, "bin", arch, "lib")
    if os.path.isdir(libs):
        env["LD_LIBRARY_PATH"] = libs + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    sys.stderr.flush()
    os.execve(binary, [binary, "dify"] + sys.argv[1:], env)


main()
