"""File names are made safe: no directories, no control characters, the right extension."""

from cme_evidence.domain.filenames import MAX_LENGTH, safe_filename
from cme_evidence.domain.filetypes import FileType


def test_path_traversal_keeps_only_the_last_segment():
    assert safe_filename("../../etc/passwd.pdf", FileType.PDF) == "passwd.pdf"
    assert safe_filename("..\\..\\Windows\\system32\\boot.pdf", FileType.PDF) == "boot.pdf"


def test_chinese_names_stay_readable():
    assert safe_filename("2021年 会议通知（红章）.pdf", FileType.PDF) == "2021年 会议通知（红章）.pdf"


def test_control_and_shell_characters_are_removed():
    name = safe_filename('a\x00b\r\nc;rm -rf *|"$x".pdf', FileType.PDF)
    assert name.endswith(".pdf")
    for character in "\x00\r\n;|\"$*/":
        assert character not in name


def test_the_extension_follows_the_bytes_not_the_name():
    assert safe_filename("截图.png", FileType.JPEG) == "截图.jpg"
    assert safe_filename("scan", FileType.PDF) == "scan.pdf"


def test_a_name_of_only_dots_or_nothing_gets_a_neutral_name():
    assert safe_filename("..", FileType.PDF) == "证明材料.pdf"
    assert safe_filename(None, FileType.PNG) == "证明材料.png"


def test_long_names_are_cut_keeping_the_extension():
    name = safe_filename("学" * 500 + ".pdf", FileType.PDF)
    assert len(name) == MAX_LENGTH
    assert name.endswith(".pdf")
