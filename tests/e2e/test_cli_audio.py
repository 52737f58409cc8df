"""`sagemaker-provider tts` and `transcribe` against `sagemaker-provider emulate`.

The emulator's speech decodes back to the exact text it was made from, so tts → transcribe proves
every piece reached the file whole and in order. Exit codes are README "Exit codes".
"""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from cli_harness import clean_env, run  # noqa: E402
from emulator_process import EmulatorProcess  # noqa: E402

CONFIG = """
buckets: [sagemaker-emulator, audio-cache]
endpoints:
  - {name: voice, container: cosyvoice}
  - {name: voice-wav, backend: {container: cosyvoice, tts_format: wav}}
  - {name: whisper, container: whisper}
  - {name: funasr, container: funasr}
  - {name: chat, container: vllm}
"""
SECRET = "test"


class AudioCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = EmulatorProcess(CONFIG).__enter__()
        cls.dir = tempfile.mkdtemp(prefix="smp-audio-")

    @classmethod
    def tearDownClass(cls):
        cls.emulator.__exit__(None, None, None)

    def cli(self, *args, secret=SECRET):
        env = clean_env(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY=secret)
        result = run([*args, "--region", "us-east-1", "--endpoint-url", self.emulator.url], env=env)
        return result, result.stderr.decode("utf-8", "replace")

    def path(self, name):
        return os.path.join(self.dir, name)

    def speak(self, text, name, *extra, endpoint="voice"):
        result, stderr = self.cli("tts", endpoint, text, "--output", self.path(name), *extra)
        self.assertEqual(result.returncode, 0, stderr)
        return json.loads(result.stdout)

    def test_speech_round_trip_through_whisper(self):
        text = "Pieces are made four at a time. They still arrive in order! 一二三四五六七八九十。"
        summary = self.speak(text, "round.mp3", "--word-limit", "5")
        self.assertGreater(summary["pieces"], 4)
        self.assertEqual(summary["mime_type"], "audio/mpeg")
        with open(self.path("round.mp3"), "rb") as f:
            audio = f.read()
        self.assertEqual(len(audio), summary["bytes"])
        self.assertTrue(audio[:3] == b"ID3" or audio[0] == 0xFF)

        result, stderr = self.cli("transcribe", "whisper", self.path("round.mp3"), "--json")
        self.assertEqual(result.returncode, 0, stderr)
        transcript = json.loads(result.stdout)
        # Spaces at piece boundaries are silence; every other character comes back in order.
        self.assertEqual(transcript["text"].replace(" ", ""), text.replace(" ", ""))
        self.assertGreater(len(transcript["segments"]), 1)
        starts = [segment["start"] for segment in transcript["segments"]]
        self.assertEqual(starts, sorted(starts))

    def test_wav_output_and_plain_text_transcript(self):
        self.speak("A wave file this time.", "one.wav", endpoint="voice-wav")
        with open(self.path("one.wav"), "rb") as f:
            self.assertEqual(f.read(4), b"RIFF")
        result, stderr = self.cli("transcribe", "whisper", self.path("one.wav"))
        self.assertEqual(result.returncode, 0, stderr)
        self.assertEqual(result.stdout.decode().strip(), "A wave file this time.")

    def test_funasr_through_the_bucket(self):
        self.speak("Through the bucket we go.", "bucket.mp3")
        result, stderr = self.cli("transcribe", "funasr", self.path("bucket.mp3"), "--s3-bucket",
                                  "audio-cache")
        self.assertEqual(result.returncode, 0, stderr)
        self.assertEqual(result.stdout.decode().strip(), "Through the bucket we go.")
        result, stderr = self.cli("transcribe", "funasr", self.path("bucket.mp3"), "--s3-bucket",
                                  "missing-bucket")
        self.assertEqual(result.returncode, 4, stderr)
        self.assertIn("s3://missing-bucket/", stderr)

    def test_not_audio_is_a_usage_error(self):
        with open(self.path("notes.txt"), "w") as f:
            f.write("just some words, not a recording")
        result, stderr = self.cli("transcribe", "whisper", self.path("notes.txt"))
        self.assertEqual(result.returncode, 2, stderr)
        self.assertIn("not audio", stderr)

    def test_wrong_secret_unknown_endpoint_and_wrong_container(self):
        result, stderr = self.cli("tts", "voice", "hello", "-o", self.path("x.mp3"),
                                  secret="not-the-secret")
        self.assertEqual(result.returncode, 3, stderr)
        self.assertNotIn("not-the-secret", stderr)
        self.assertFalse(os.path.exists(self.path("x.mp3")))
        result, stderr = self.cli("tts", "no-such-endpoint", "hello", "-o", self.path("y.mp3"))
        self.assertEqual(result.returncode, 4, stderr)
        result, stderr = self.cli("tts", "chat", "hello", "-o", self.path("z.mp3"))
        self.assertEqual(result.returncode, 6, stderr)
        self.assertFalse(os.path.exists(self.path("z.mp3")))

    def test_clone_mode_needs_its_fields(self):
        result, stderr = self.cli("tts", "voice", "hello", "-o", self.path("c.mp3"),
                                  "--audio-model-type", "CloneVoice")
        self.assertEqual(result.returncode, 2, stderr)
        self.assertIn("prompt_audio", stderr)


if __name__ == "__main__":
    unittest.main()
