package io.heimdall.mqtt.session;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.common.message.DeliverRequest;
import io.heimdall.common.message.Message;
import io.heimdall.inbox.store.InboxMessage;
import io.heimdall.common.settings.Setting;
import io.heimdall.mqtt.props.PacketSize;
import io.heimdall.mqtt.props.Props;
import io.heimdall.mqtt.subs.LocalSubscription;
import io.heimdall.plugin.events.EventType;
import io.heimdall.retain.store.RetainedMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.mqtt.messages.codes.MqttPubRelReasonCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Messages to the client: one copy per matched message at the highest granted QoS with every
 * matching subscription identifier, no-local and retain-as-published applied, expiry reduced by
 * the time spent waiting, topic aliases assigned, and the client's receive maximum and maximum
 * packet size honoured.
 */
final class Deliveries {
  private final MqttSession session;
  private final OutboundWindow window;
  private final TopicAliasesOut aliases;
  private int unwrittenQos0;

  Deliveries(MqttSession session) {
    this.session = session;
    this.window = new OutboundWindow(session.spec().receiveMaximum(), session.setting(Setting.SessionInboxSize),
      (packetId, outbound) -> send(packetId, outbound), session::deliveryCompleted);
    this.aliases = new TopicAliasesOut(session.spec().topicAliasMaximum());
  }

  void deliver(DeliverRequest.Pack pack, List<LocalSubscription> matched) {
    Outbound outbound = outboundOf(pack.topic(), pack.message(), pack.publisher(), matched, -1, false);
    if (outbound != null) {
      enqueue(outbound);
    }
  }

  /**
   * Delivers a message fetched from the session's inbox; true when it waits for the client's acknowledgement
   * (the window reports its completion), false when it is done with (sent at QoS 0, expired or not wanted).
   */
  boolean deliverFromInbox(InboxMessage m, List<LocalSubscription> matched, boolean fromQoS12Queue, boolean dup) {
    Outbound outbound = outboundOf(m.topic(), m.message(), m.publisher(), matched, fromQoS12Queue ? m.seq() : -1, dup);
    if (outbound == null) {
      return false;
    }
    if (outbound.qos() == 0) {
      enqueue(new Outbound(outbound.topic(), outbound.message(), 0, outbound.retain(), outbound.subscriptionIds()));
      return false;
    }
    enqueue(outbound);
    return true;
  }

  /** How many QoS 1/2 deliveries await the client's acknowledgement or a free slot. */
  int unacknowledged() {
    return window.size();
  }

  private Outbound outboundOf(String topic, Message message, ClientInfo publisher, List<LocalSubscription> matched,
                              long inboxSeq, boolean dup) {
    if (message.isExpired(System.currentTimeMillis())) {
      return null;
    }
    int qos = -1;
    boolean retain = false;
    List<Integer> subscriptionIds = new ArrayList<>(1);
    for (LocalSubscription sub : matched) {
      if (sub.noLocal() && isOwnMessage(publisher)) {
        continue;
      }
      qos = Math.max(qos, Math.min(message.qos(), sub.qos()));
      retain |= sub.retainAsPublished() && message.retain();
      if (sub.subscriptionId() > 0) {
        subscriptionIds.add(sub.subscriptionId());
      }
    }
    if (qos < 0) {
      return null;
    }
    return new Outbound(topic, message, qos, retain, subscriptionIds, inboxSeq, dup && qos > 0);
  }

  void deliverRetained(RetainedMessage retained, LocalSubscription sub) {
    Message message = retained.message();
    if (message.isExpired(System.currentTimeMillis())) {
      return;
    }
    List<Integer> ids = sub.subscriptionId() > 0 ? List.of(sub.subscriptionId()) : List.of();
    enqueue(new Outbound(retained.topic(), message, Math.min(message.qos(), sub.qos()), true, ids));
  }

  private void enqueue(Outbound outbound) {
    int qos = outbound.qos();
    if (qos == 0) {
      // A client that reads slower than it is sent to would make unsent QoS 0 messages pile up
      // in memory: beyond the inbox size they are dropped.
      if (unwrittenQos0 >= session.setting(Setting.SessionInboxSize)) {
        session.report(EventType.PUB_DROPPED, Map.of("topic", outbound.topic(), "reason", "client too slow"));
        return;
      }
      unwrittenQos0++;
      send(0, outbound).onComplete(ar -> unwrittenQos0--);
    } else if (!window.offer(outbound)) {
      session.report(EventType.PUB_DROPPED, Map.of("topic", outbound.topic(), "reason", "delivery queue full"));
    }
  }

  void onPuback(int packetId) {
    window.complete(packetId);
  }

  void onPubrec(int packetId, byte reasonCode) {
    if ((reasonCode & 0xFF) >= 0x80) {
      window.complete(packetId);
      return;
    }
    boolean known = window.isInFlight(packetId);
    if (known) {
      session.deliveryReleased(window.inFlight(packetId));
    }
    release(packetId, known);
  }

  /** Sends PUBREL again for an inbox message the client had answered with PUBREC before it reconnected. */
  void resumeReleased(long inboxSeq) {
    int packetId = (int) (inboxSeq % 65535) + 1;
    window.resumeReleased(packetId, new Outbound("", new Message(0, 2, null, 0, Message.NO_EXPIRY, false, null), 2,
      false, List.of(), inboxSeq, true));
    release(packetId, true);
  }

  private void release(int packetId, boolean known) {
    if (session.isV5()) {
      session.endpoint().publishRelease(packetId, known ? MqttPubRelReasonCode.SUCCESS
        : MqttPubRelReasonCode.PACKET_IDENTIFIER_NOT_FOUND, MqttSession.noProperties());
    } else {
      session.endpoint().publishRelease(packetId);
    }
  }

  void onPubcomp(int packetId) {
    window.complete(packetId);
  }

  private boolean isOwnMessage(ClientInfo publisher) {
    return publisher.tenantId().equals(session.client().tenantId())
      && session.clientId().equals(publisher.meta(ClientInfo.MQTT_CLIENT_ID));
  }

  /** Writes one PUBLISH; the future completes when it was written (or at once when it was not sent). */
  private Future<?> send(int packetId, Outbound o) {
    if (session.isClosed()) {
      return Future.succeededFuture();
    }
    Message m = o.message();
    long now = System.currentTimeMillis();
    if (m.isExpired(now)) {
      // It waited in the queue past its expiry interval: MQTT 5 says it must not be sent.
      if (packetId != 0) {
        window.complete(packetId);
      }
      return Future.succeededFuture();
    }
    MqttProperties props = MqttProperties.NO_PROPERTIES;
    String topic = o.topic();
    if (session.isV5()) {
      props = new MqttProperties();
      Props.putMessageProperties(props, m.properties());
      int extra = 0;
      long remaining = m.remainingExpirySeconds(now);
      if (remaining != Message.NO_EXPIRY) {
        Props.putInt(props, MqttProperties.PUBLICATION_EXPIRY_INTERVAL, remaining);
        extra += 5;
      }
      for (int id : o.subscriptionIds()) {
        Props.putInt(props, MqttProperties.SUBSCRIPTION_IDENTIFIER, id);
        extra += 1 + PacketSize.varIntSize(id);
      }
      if (PacketSize.ofPublish(topic, o.qos(), m.payload().length(), m.properties(), extra + 3)
        > session.spec().maxPacketSize()) {
        // The client would have to treat it as a protocol error: drop it as if delivered (MQTT-3.1.2-25).
        session.report(EventType.PUB_DROPPED, Map.of("topic", topic, "reason", "larger than client maximum"));
        if (packetId != 0) {
          window.complete(packetId);
        }
        return Future.succeededFuture();
      }
      TopicAliasesOut.Assignment alias = aliases.assign(topic);
      if (alias.alias() > 0) {
        Props.putInt(props, MqttProperties.TOPIC_ALIAS, alias.alias());
        if (!alias.sendTopic()) {
          topic = "";
        }
      }
    }
    session.ctx().metrics().delivered();
    return session.endpoint().publish(topic, m.payload(), MqttQoS.valueOf(o.qos()), o.dup(), o.retain(), packetId,
      props);
  }
}
