"""Wiring of the notifications service: real adapters for a running process."""


from cme_notifications.adapters.channels import GatewayChannel, RecordingChannel, SendingChannel
from cme_notifications.config import NotificationsSettings
from cme_notifications.domain.preferences import Channel
from cme_notifications.service_layer import handlers
from cme_notifications.service_layer.dispatcher import Dispatcher
from cme_notifications.service_layer.scheduler import Scheduler
from cme_notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from cme_platform.runtime import Runtime


class NotificationsRuntime(Runtime[NotificationsUnitOfWork]):
    """The shared runtime plus the channels, the dispatcher and the reminder scheduler."""

    settings: NotificationsSettings

    def __init__(self, settings: NotificationsSettings):
        super().__init__(settings, NotificationsUnitOfWork)
        self.channels: dict[str, SendingChannel] = {c.value: self._channel(c) for c in Channel}
        self.dispatcher = Dispatcher(self.uow, self.channels, base_url=settings.public_base_url,
                                     poll_seconds=settings.dispatch_poll_seconds,
                                     max_attempts=settings.dispatch_max_attempts)
        self.scheduler = Scheduler(self.uow, settings.reminder_period_seconds)


    def _channel(self, channel: Channel) -> SendingChannel:
        url = getattr(self.settings, f"{channel.value}_gateway_url")
        if not url:
            return RecordingChannel(channel.value, clock=self.clock)
        gateway = GatewayChannel(channel.value, url, getattr(self.settings, f"{channel.value}_gateway_token"))
        self.closers.append(gateway.close)
        return gateway


def bootstrap(settings: NotificationsSettings) -> NotificationsRuntime:
    """The runtime of one notifications process, with its consumer, dispatcher and scheduler."""
    runtime = NotificationsRuntime(settings)
    runtime.add_consumer(settings.consumer_group, handlers.TOPICS, handlers.HANDLERS)
    runtime.loops.append(runtime.dispatcher.run)
    runtime.loops.append(runtime.scheduler.run)
    return runtime
