"""Request and response bodies of the public API; the OpenAPI document is generated from these."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from salon.limits import MAX_ID


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ErrorDetail(BaseModel):
    code: str = Field(description="Machine-readable reason, e.g. `empty_body`, `unknown_parent`.")
    message: str = Field(description="What went wrong and what to do, for people.")
    field: str | None = Field(None, description="The request field at fault, dotted, if one is.")


class ErrorBody(BaseModel):
    error: ErrorDetail


class AuthorIn(Strict):
    name: str = Field(max_length=1000)
    email: str | None = Field(None, max_length=320)
    website: str | None = Field(None, max_length=500)


class CommentIn(Strict):
    url: str = Field(max_length=2000, description="The page's URL; it must be under a registered site.")
    parent_id: int | None = Field(None, ge=1, le=MAX_ID, description="The comment this one replies to.")
    author: AuthorIn
    body: str = Field(max_length=100_000, description="Markdown.")
    title: str = Field("", max_length=300, description="The page title, stored with a new thread.")
    nudged: bool = Field(False, description="The author saw the pre-submit nudge and posted anyway.")
    notify: Literal["none", "replies", "thread"] = Field(
        "none",
        description=(
            "Reply mail to `author.email`: `replies` to this comment, or every comment in the `thread`. "
            "A new address gets a confirmation link first."
        ),
    )
    locale: str | None = Field(None, max_length=35, description="The widget's language (BCP 47), for mail.")
    altcha: str | None = Field(
        None,
        max_length=4000,
        description=(
            "A solved proof-of-work challenge from `GET /api/challenge`: the base64 ALTCHA payload "
            "(v1 or v2). Required when the site sets `pow_required`."
        ),
    )
    homepage_url: str = Field(
        "", max_length=2000, description="The honeypot: leave empty (the widget keeps it hidden from people)."
    )


class CommentEdit(Strict):
    body: str = Field(max_length=100_000)


class VoteIn(Strict):
    value: Literal[1, -1]

    @field_validator("value", mode="before")
    @classmethod
    def not_bool(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError("a vote is the number 1 or -1")
        return value


class CountsIn(Strict):
    urls: list[str] = Field(max_length=200)


class AuthorOut(BaseModel):
    name: str
    website: str | None = None
    avatar: str | None = Field(
        None,
        description=(
            "An opaque key for an avatar (colour or generated image) when the author gave an e-mail "
            "address: keyed with this server's secret and different on every site, so it neither "
            "reveals the address nor links the author across sites."
        ),
    )
    picture: str | None = Field(
        None, description="A signed-in reader's picture (an `https://` URL from the site's sign-in)."
    )
    staff: bool = Field(
        False, description="The author is one of the site's moderators or admins, signed in as such."
    )


class CommentOut(BaseModel):
    id: int
    parent_id: int | None
    author: AuthorOut
    html: str
    status: Literal["published", "pending", "rejected", "deleted"] = Field(
        description="`pending` and `rejected` appear only to their author (with `X-Salon-Author`)."
    )
    pinned: bool = False
    created_at: str
    edited_at: str | None = None
    score: int
    upvotes: int
    downvotes: int
    depth: int
    own: bool = Field(False, description="The requesting author's own comment that others may not see.")
    message: str | None = Field(
        None, description="For the author's own held or rejected comment: what they should be told."
    )
    replies: list[CommentOut] = []


class ThreadInfo(BaseModel):
    url: str
    title: str
    count: int = Field(description="Published comments in the whole thread.")
    locked: bool
    site: str


class ThreadPageOut(BaseModel):
    thread: ThreadInfo
    comments: list[CommentOut]
    next_cursor: str | None


class LocatedOut(BaseModel):
    id: int
    root_id: int = Field(description="The top-level comment it is under (itself when top-level).")
    url: str = Field(description="The thread's page.")
    page: int = Field(description="Which page of the thread shows it, from 1.")
    cursor: str | None = Field(
        description="Give as `cursor` to GET /api/comments (same `sort` and `limit`) for that page; "
        "null for the first page."
    )


class PostedOut(BaseModel):
    id: int
    parent_id: int | None
    status: Literal["published", "pending", "rejected", "spam"]
    html: str
    author: AuthorOut
    created_at: str
    edited_at: str | None = None
    url: str
    edit_token: str = Field(description="Send as `Authorization: Bearer …` to edit or delete.")
    editable_until: str
    author_token: str = Field(
        description="Send back as the `X-Salon-Author` header so later requests know the author."
    )
    message: str = Field(description="What the author should be told, e.g. why it awaits moderation.")


class EditedOut(BaseModel):
    id: int
    status: Literal["published", "pending", "rejected", "spam"]
    html: str
    edited_at: str | None
    message: str


class VoteOut(BaseModel):
    id: int
    score: int
    upvotes: int
    downvotes: int
    value: int


class CountsOut(BaseModel):
    counts: dict[str, int]


class Health(BaseModel):
    status: Literal["ok"]
    database: str
    version: str
