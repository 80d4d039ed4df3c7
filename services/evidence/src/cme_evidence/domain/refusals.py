"""Why a file is refused, as errors with a stable code and a Chinese message.

Each refusal names what was wrong so the uploader can fix it: the limit that was
exceeded, the type that was found and the types that are accepted.
"""

from __future__ import annotations

from cme_platform.errors import Conflict, DomainError, Forbidden, NotFound


class PayloadTooLarge(DomainError):
    """The upload exceeds the kind's size limit."""

    status_code = 413


class UnsupportedType(DomainError):
    """The bytes are not a type the kind accepts."""

    status_code = 415


class StorageUnavailable(DomainError):
    """Object storage does not answer; nothing was stored, the upload may be retried."""

    status_code = 503


class UploadInterrupted(DomainError):
    """The client went away before the whole file arrived."""

    status_code = 400


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def too_large(kind: str, limit: int) -> PayloadTooLarge:
    """A file larger than the limit of its kind."""
    return PayloadTooLarge("evidence.too_large", f"文件超过大小上限 {_mib(limit)}，请压缩或拆分后重新上传",
                           kind=kind, max_bytes=limit)


def wrong_type(kind: str, found: str, accepted: list[str]) -> UnsupportedType:
    """A file whose bytes are not an accepted type (whatever its name says)."""
    return UnsupportedType("evidence.wrong_type",
                           f"文件类型不符：检测到的是「{found}」，此类材料只接受 {'、'.join(accepted)}",
                           kind=kind, found=found, accepted=accepted)


def empty() -> DomainError:
    """A file of zero bytes."""
    return DomainError("evidence.empty", "文件为空（0 字节），请选择正确的文件重新上传")


def unreadable_pdf(reason: str) -> DomainError:
    """A PDF that cannot be opened: truncated or damaged."""
    return DomainError("evidence.unreadable_pdf", "PDF 文件已损坏或不完整，无法打开，请重新导出或扫描后上传",
                       reason=reason[:200])


def unreadable_image(label: str, reason: str) -> DomainError:
    """An image that cannot be decoded."""
    return DomainError("evidence.unreadable_image", f"{label}已损坏或不完整，无法打开，请重新拍照或截图后上传",
                       reason=reason[:200])


def unknown_kind(kind: str, known: list[str]) -> DomainError:
    """A kind the catalogue does not know."""
    return DomainError("evidence.unknown_kind", f"未知的材料类别「{kind}」", kind=kind, known=known)


def interrupted() -> UploadInterrupted:
    """The connection closed mid-upload; nothing was kept."""
    return UploadInterrupted("evidence.upload_interrupted", "上传中断，文件未保存，请重新上传")


def storage_unavailable() -> StorageUnavailable:
    """Object storage is down; the upload was not stored."""
    return StorageUnavailable("evidence.storage_unavailable", "文件存储服务暂时不可用，本次上传未保存，请稍后重试")


def incomplete_subject() -> DomainError:
    """A subject needs both its type and its id."""
    return DomainError("evidence.incomplete_subject", "关联记录需同时提供类型 (subject_type) 和编号 (subject_id)")


def not_found(evidence_id: str) -> NotFound:
    """No evidence with this id."""
    return NotFound("evidence.not_found", "证明材料不存在", evidence_id=evidence_id)


def access_denied(evidence_id: str) -> Forbidden:
    """The caller may not see the record this file belongs to."""
    return Forbidden("evidence.access_denied", "无权查看此证明材料", evidence_id=evidence_id)


def not_owner(evidence_id: str) -> Forbidden:
    """Only the uploader may change what a file supports or replace it."""
    return Forbidden("evidence.not_owner", "只有上传者本人可以操作此证明材料", evidence_id=evidence_id)


def already_attached(evidence_id: str, subject_type: str, subject_id: str) -> Conflict:
    """A file supports one record; it cannot be moved to another."""
    return Conflict("evidence.already_attached", "此证明材料已关联到其他记录，请重新上传一份",
                    evidence_id=evidence_id, subject_type=subject_type, subject_id=subject_id)


def not_latest(evidence_id: str, latest_id: str | None = None) -> Conflict:
    """A new version must follow the latest one."""
    details = {"latest_id": latest_id} if latest_id else {}
    return Conflict("evidence.not_latest_version", "此文件已有更新的版本，请在最新版本上更新",
                    evidence_id=evidence_id, **details)


def not_an_image(evidence_id: str, found: str) -> DomainError:
    """Only pictures can be assembled into a PDF."""
    return DomainError("evidence.not_an_image", f"只能把图片合并为 PDF，此文件是「{found}」",
                       evidence_id=evidence_id, found=found)


def too_many_images(count: int, limit: int) -> DomainError:
    """Assembly has an upper bound on pictures."""
    return DomainError("evidence.too_many_images", f"一次最多合并 {limit} 张图片，本次为 {count} 张",
                       count=count, limit=limit)


def assembly_failed(reason: str) -> DomainError:
    """The pictures could not be put into a PDF."""
    return DomainError("evidence.assembly_failed", "图片无法合并为 PDF，请检查图片后重试", reason=reason[:200])
