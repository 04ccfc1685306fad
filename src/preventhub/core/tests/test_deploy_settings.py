"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys

from cryptography.fernet import Fernet


def _run(env_extra, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))}
    env.update({"DJANGO_SETTINGS_MODULE": "preventhub.config.settings.production", **env_extra})
    return subprocess.run(
        [sys.executable, "-m", "preventhub.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production_env(tmp_path):
    return {
        "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-" + "z" * 20,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "preventhub.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _run(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    result = _run(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    env = _production_env(tmp_path)
    secret_file = tmp_path / "secret_key"
    secret_file.write_text(env.pop("SECRET_KEY"))
    env["SECRET_KEY_FILE"] = str(secret_file)
    result = _run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


def test_production_refuses_without_encryption_keys(tmp_path):
    env = _production_env(tmp_path)
    del env["FIELD_ENCRYPTION_KEYS"]
    result = _run(env, "check")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr
