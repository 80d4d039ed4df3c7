"""The notifications service's Prometheus counters (scraped on /metrics with the platform's)."""

from prometheus_client import Counter

messages_sent = Counter("cme_notifications_sent_total", "Messages delivered, by channel", ["channel"])
messages_failed = Counter("cme_notifications_failed_total", "Message deliveries that failed, by channel",
                          ["channel", "final"])
