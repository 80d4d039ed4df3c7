"""Notifications service (消息通知): tells people what happened and what is due, driven by the events."""
