"""Settings of the notifications service (all `CME_*` variables; see cme_platform.settings)."""

from pydantic import Field, model_validator

from cme_platform.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    """The notifications service needs only its database and the broker. SMS and WeChat go
    through the operator's provider gateways when their URLs are set; without them a recording
    channel keeps what would have been sent (dev and tests)."""

    service_name: str = "notifications"
    sms_gateway_url: str | None = Field(default=None, description="HTTPS endpoint of the SMS provider gateway.")
    sms_gateway_token: str | None = Field(default=None, description="Bearer token for the SMS gateway.")
    wechat_gateway_url: str | None = Field(default=None, description="HTTPS endpoint of the WeChat notice gateway.")
    wechat_gateway_token: str | None = Field(default=None, description="Bearer token for the WeChat gateway.")
    consumer_group: str = Field(default="notifications", description=(
        "Kafka consumer group; every replica of one deployment shares it (tests give each app its own)."))
    reminder_period_seconds: float = Field(
        default=60, gt=0, description="How often the scheduler looks for due reminders."
    )
    dispatch_poll_seconds: float = Field(default=1.0, gt=0, description="Pause of the dispatcher when nothing is due.")
    dispatch_max_attempts: int = Field(default=5, ge=1, description="Sends tried before a delivery is given up.")

    @model_validator(mode="after")
    def _gateway_needs_token(self):
        # Refuse at start-up, in one line, rather than at the first message.
        for channel in ("sms", "wechat"):
            if getattr(self, f"{channel}_gateway_url") and not getattr(self, f"{channel}_gateway_token"):
                raise ValueError(
                    f"CME_{channel.upper()}_GATEWAY_URL is set but CME_{channel.upper()}_GATEWAY_TOKEN is not"
                )
        return self
