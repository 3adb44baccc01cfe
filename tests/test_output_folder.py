"""Save and open dialogs start where the clerk keeps her files: never the hidden per-user data folder."""
from pathlib import Path

from desktop.paths import default_ledger_path, output_folder


def test_a_ledger_she_keeps_herself_starts_dialogs_beside_it(tmp_path):
    assert output_folder(tmp_path / "台账.ipledger") == tmp_path.resolve()


def test_the_default_ledger_starts_dialogs_in_documents_not_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("IPLEDGER_DATA_DIR", str(tmp_path / "data"))
    documents = tmp_path / "我的文档"
    documents.mkdir()
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(documents))
    assert output_folder(default_ledger_path()) == documents
    assert output_folder(None) == documents
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(tmp_path / "没有"))
    assert output_folder(default_ledger_path()) == Path.home()
