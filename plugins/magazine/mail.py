"""The draft email to the magazine, and the mailto: line for webmail.

``draft()`` writes an RFC 5322 message with Python's ``email`` package: From the sender, To the
magazine, a Vietnamese subject and covering note, the Word file and the photos attached, and the
header ``X-Unsent: 1``, with which Outlook opens it as a draft ready to send (Thunderbird offers
"Edit as new"). It has no Date and no Message-ID, which the mail client adds when it sends, and
its MIME boundaries come from its content: the same package gives the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from urllib.parse import quote

from .printable import Printable


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    mime: str  # "image/jpeg"


def subject(printable: Printable) -> str:
    return f"Gửi bài: {printable.title}"


def covering_note(printable: Printable, options, attachments: list[str], site_name: str) -> str:
    sender = options.MAGAZINE_SENDER
    lines = [
        f"Kính gửi Ban Biên tập {options.MAGAZINE_NAME},",
        "",
        f"{sender['unit']} trân trọng gửi bài “{printable.title}” của tác giả "
        f"{printable.author}, đã đăng trên trang {site_name} ngày {printable.date} "
        f"({printable.url}), để Quý Tạp chí xem xét, sử dụng.",
        "",
        "Tệp gửi kèm:",
        *(f"- {line}" for line in attachments),
        "",
        "Trân trọng,",
        sender["name"],
        sender["unit"],
        f"Địa chỉ: {sender['address']}",
        f"Điện thoại: {sender['phone']}",
        f"Email: {sender['email']}",
    ]
    return "\n".join(lines) + "\n"


def draft(printable: Printable, options, note: str, attachments: list[Attachment]) -> bytes:
    sender = options.MAGAZINE_SENDER
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(sender["name"], addr_spec=sender["email"])
    message["To"] = Address(options.MAGAZINE_NAME, addr_spec=options.MAGAZINE_EMAIL)
    message["Subject"] = subject(printable)
    message["X-Unsent"] = "1"
    message.set_content(note, cte="quoted-printable")
    digest = hashlib.sha256(note.encode("utf-8"))
    for attachment in attachments:
        maintype, subtype = attachment.mime.split("/")
        message.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.name
        )
        digest.update(attachment.name.encode("utf-8") + hashlib.sha256(attachment.data).digest())
    # "=_" never occurs in base64 or quoted-printable text, so it cannot clash with a part.
    boundary = "=_" + digest.hexdigest()[:40]
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"{boundary}{number}")
    return message.as_bytes(policy=SMTP)


def mailto(printable: Printable, options, site_name: str) -> str:
    """``mailto:`` with the subject and a short note (RFC 6068): webmail cannot attach files,
    so the note asks the editor to attach them."""
    body = (
        f"Kính gửi Ban Biên tập {options.MAGAZINE_NAME},\n\n"
        f"{options.MAGAZINE_SENDER['unit']} trân trọng gửi bài “{printable.title}” "
        f"({printable.url}) để Quý Tạp chí xem xét, sử dụng. Tệp Word và ảnh gửi kèm thư này.\n"
    )
    query = f"subject={quote(subject(printable), safe='')}&body={quote(body, safe='')}"
    return f"mailto:{quote(options.MAGAZINE_EMAIL, safe='@')}?{query}"
