package io.heimdall.common.message;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {
  @Test
  void roundTripsMessagesWithEveryProperty() {
    Message m = new Message(7, 2, Buffer.buffer("héllo"), 1000, 30, true,
      new MessageProperties(true, "text/plain", "reply/to", Buffer.buffer(new byte[] {1, 2}),
        List.of(new UserProperty("k", "v1"), new UserProperty("k", "v2"))));
    ClientInfo c = new ClientInfo("t1", ClientInfo.TYPE_MQTT, Map.of(ClientInfo.MQTT_CLIENT_ID, "c1"));
    BufferWriter out = new BufferWriter();
    MessageCodec.write(out, m);
    MessageCodec.write(out, c);
    BufferReader in = new BufferReader(out.buffer());
    assertThat(MessageCodec.readMessage(in)).isEqualTo(m);
    assertThat(MessageCodec.readClientInfo(in)).isEqualTo(c);
    assertThat(in.hasMore()).isFalse();
  }

  @Test
  void truncatedOrCorruptInputFailsClearly() {
    BufferWriter out = new BufferWriter();
    MessageCodec.write(out, new Message(1, 0, Buffer.buffer("x"), 0, Message.NO_EXPIRY, false, null));
    Buffer whole = out.buffer();
    assertThatThrownBy(() -> MessageCodec.readMessage(new BufferReader(whole.getBuffer(0, whole.length() - 3))))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    Buffer corruptCount = new BufferWriter().writeString("t").writeString("mqtt").writeInt(99999).buffer();
    assertThatThrownBy(() -> MessageCodec.readClientInfo(new BufferReader(corruptCount)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt count");
  }

  @Test
  void expiryIsReducedByTheTimeSpentWaiting() {
    Message m = new Message(1, 1, null, 10_000, 10, false, null);
    assertThat(m.remainingExpirySeconds(10_000)).isEqualTo(10);
    assertThat(m.remainingExpirySeconds(14_500)).isEqualTo(6);
    assertThat(m.isExpired(19_999)).isFalse();
    assertThat(m.isExpired(20_000)).isTrue();
    Message forever = new Message(1, 1, null, 0, Message.NO_EXPIRY, false, null);
    assertThat(forever.isExpired(Long.MAX_VALUE / 2)).isFalse();
    assertThat(forever.remainingExpirySeconds(5)).isEqualTo(Message.NO_EXPIRY);
  }
}
