"""The gateway channel posts one JSON message with the operator's token and turns a refusal or
an unreachable gateway into a ChannelError the dispatcher retries; the recording channel keeps
what it was given."""

from __future__ import annotations

import json

import httpx
import pytest

from cme_notifications.adapters.channels import ChannelError, GatewayChannel, Outgoing, RecordingChannel

MESSAGE = Outgoing("13800000000", "学分被退回", "【继教平台】您的学分被退回。", "https://cme.example.cn/me")


async def test_the_gateway_receives_the_message_with_the_token():
    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append((request.headers["authorization"], json.loads(request.content)))
        return httpx.Response(202)

    channel = GatewayChannel("sms", "https://sms.example.cn/send", "secret", transport=httpx.MockTransport(answer))
    await channel.send(MESSAGE)
    await channel.close()
    assert seen == [
        (
            "Bearer secret",
            {
                "to": "13800000000",
                "title": "学分被退回",
                "text": "【继教平台】您的学分被退回。",
                "link": "https://cme.example.cn/me",
            },
        )
    ]


@pytest.mark.parametrize("answer", [lambda r: httpx.Response(503, text="busy"),
                                    lambda r: (_ for _ in ()).throw(httpx.ConnectError("refused"))])
async def test_a_refusal_or_no_answer_is_a_channel_error(answer):
    channel = GatewayChannel("wechat", "https://wx.example.cn/send", "secret", transport=httpx.MockTransport(answer))
    with pytest.raises(ChannelError, match="wechat gateway"):
        await channel.send(MESSAGE)
    await channel.close()


async def test_the_recording_channel_keeps_what_it_would_have_sent():
    channel = RecordingChannel("sms")
    await channel.send(MESSAGE)
    assert channel.to("13800000000") == [MESSAGE] and channel.to("13900000000") == []
