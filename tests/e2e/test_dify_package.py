"""The .difypkg as the daemon handles it: `sagemaker-provider package` writes it; we unzip it,
check its layout and the checksum/identity against the daemon's algorithm (dify-plugin-protocol.md
§7.2), extract it the way the daemon does (every file 0644, nothing else in the directory), run
`python -m main` there, and drive the exec'd native runtime through the daemon harness against
the emulator. A signed package verifies with `openssl` over the daemon's signed bytes (§7.3).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from cli_harness import BINARY, clean_env, run  # noqa: E402
from dify_daemon import StdioPlugin  # noqa: E402
from emulator_process import EmulatorProcess  # noqa: E402

IDENTITY = re.compile(r"^(?:([a-z0-9_-]{1,64})/)?([a-z0-9_-]{1,255}):([0-9]{1,4})(\.[0-9]{1,4}){1,3}(-\w{1,16})?"
                      r"@[a-f0-9]{32,64}$")


def daemon_checksum(zf):
    names = sorted(info.filename for info in zf.infolist())
    data = b"".join(hashlib.sha256(n.encode()).digest() + hashlib.sha256(zf.read(n)).digest() for n in names)
    return hashlib.sha256(data).hexdigest()


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="smp-difypkg-")
        cls.package = os.path.join(cls.tmp, "sagemaker.difypkg")
        result = run(["package", "--output", cls.package], timeout=120)
        # A sanitizer build's binary is too big for the daemon's 50 MiB limit: the refusal is
        # checked, then the package is built past it so the rest of the test still runs.
        cls.oversize = result.returncode != 0 and b"PackageTooLarge" in result.stderr
        if cls.oversize:
            result = run(["package", "--output", cls.package, "--allow-oversize"], timeout=120)
        if result.returncode != 0:
            raise RuntimeError(result.stderr.decode())
        cls.output = result.stdout.decode()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_layout_checksum_and_identity(self):
        with zipfile.ZipFile(self.package) as zf:
            self.assertIsNone(zf.testzip())
            names = set(zf.namelist())
            for required in ("manifest.yaml", "provider/sagemaker.yaml", "requirements.txt", "main.py",
                             "README.md", "PRIVACY.md", "_assets/icon_s_en.svg", "_assets/icon_l_en.svg",
                             "bin/amd64/sagemaker-provider"):
                self.assertIn(required, names)
            for name in names:
                self.assertFalse(name.startswith(("/", "./")) or ".." in name, name)
            total = sum(info.file_size for info in zf.infolist())
            if not self.oversize:
                self.assertLessEqual(total, 52428800)
            checksum = daemon_checksum(zf)
            requirements = zf.read("requirements.txt").decode()
        self.assertIn("checksum: %s" % checksum, self.output)
        identity = re.search(r"identity: (\S+)", self.output).group(1)
        self.assertRegex(identity, IDENTITY)
        self.assertTrue(identity.endswith("@" + checksum))
        self.assertFalse(identity.startswith("langgenius/"))
        # A requirements file uv accepts: comments only, no dependency to fetch.
        self.assertTrue(all(not l.strip() or l.lstrip().startswith("#") for l in requirements.splitlines()))

    def extract_like_the_daemon(self):
        work = tempfile.mkdtemp(prefix="plugin-cwd-", dir=self.tmp)
        with zipfile.ZipFile(self.package) as zf:
            for info in zf.infolist():
                target = os.path.join(work, info.filename)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(zf.read(info))
                os.chmod(target, 0o644)  # the daemon drops permissions
        return work

    def test_main_py_execs_the_runtime_which_serves_the_daemon(self):
        work = self.extract_like_the_daemon()
        with EmulatorProcess() as emulator:
            # The daemon's command: <venv>/bin/python -m main, cwd = the working path.
            with StdioPlugin(["/usr/bin/python3", "-m", "main"], clean_env(), cwd=work) as plugin:
                self.assertTrue(plugin.harness.heartbeat_seen.wait(15), plugin.stderr_text())
                creds = {"sagemaker_endpoint": "demo-chat", "aws_region": "us-east-1",
                         "endpoint_url": emulator.url, "aws_access_key_id": "test",
                         "aws_secret_access_key": "test", "context_length": "4096"}
                v = plugin.harness.call("validate_model_credentials", {
                    "credentials": creds, "model": "m", "model_type": "llm", "provider": "sagemaker"})
                self.assertIsNone(v.error, v.error)
                s = plugin.harness.call("invoke_llm", {
                    "credentials": creds, "model": "m", "model_type": "llm", "provider": "sagemaker",
                    "stream": True, "model_parameters": {"max_tokens": 32}, "tools": None, "stop": None,
                    "prompt_messages": [{"role": "user", "content": "ping from the package", "name": "",
                                         "tool_calls": None, "tool_call_id": ""}]})
                self.assertIsNone(s.error, s.error)
                self.assertIn("ping from the package",
                              "".join(c["delta"]["message"]["content"] for c in s.streams))
                # The exec kept the PID: the process the daemon started is the native runtime.
                with open("/proc/%d/cmdline" % plugin.process.pid, "rb") as f:
                    self.assertIn(b"sagemaker-provider", f.read())
                # Its non-system libraries come from the package (the daemon's image may lack them).
                with open("/proc/%d/maps" % plugin.process.pid) as f:
                    maps = f.read()
                bundled = os.listdir(os.path.join(work, "bin", "amd64", "lib"))
                self.assertTrue(bundled)
                for name in bundled:
                    self.assertIn(os.path.join(work, "bin", "amd64", "lib", name), maps)
                plugin.close_stdin()
                self.assertEqual(plugin.process.wait(timeout=15), 0)
                plugin.harness.assert_clean()

    def test_signed_package_verifies_with_openssl(self):
        if not shutil.which("openssl"):
            self.skipTest("openssl not installed")
        key = os.path.join(self.tmp, "key.pem")
        pub = os.path.join(self.tmp, "key.public.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key],
                       check=True, capture_output=True)
        subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-out", pub], check=True, capture_output=True)
        signed = os.path.join(self.tmp, "signed.difypkg")
        oversize = ["--allow-oversize"] if self.oversize else []
        result = run(["package", "--output", signed, "--sign", key, *oversize], timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        with zipfile.ZipFile(signed) as zf:
            infos = zf.infolist()
            self.assertEqual(infos[-1].filename, ".verification.dify.json")
            self.assertEqual(json.loads(zf.read(".verification.dify.json")), {"authorized_category": "community"})
            comment = json.loads(zf.comment)
            data = b"".join(hashlib.sha256(zf.read(i)).digest() for i in infos) + str(comment["time"]).encode()
            self.assertIn("checksum: %s" % daemon_checksum(zf), result.stdout.decode())
        data_path = os.path.join(self.tmp, "signed.data")
        sig_path = os.path.join(self.tmp, "signed.sig")
        with open(data_path, "wb") as f:
            f.write(data)
        import base64
        with open(sig_path, "wb") as f:
            f.write(base64.b64decode(comment["signature"]))
        verify = subprocess.run(["openssl", "dgst", "-sha256", "-verify", pub, "-signature", sig_path, data_path],
                                capture_output=True)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)
        with open(data_path, "ab") as f:
            f.write(b"0")
        tampered = subprocess.run(["openssl", "dgst", "-sha256", "-verify", pub, "-signature", sig_path, data_path],
                                  capture_output=True)
        self.assertNotEqual(tampered.returncode, 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
