package io.heimdall.mqtt.session;

import io.heimdall.common.message.Message;
import io.heimdall.common.message.MessageProperties;
import io.heimdall.common.settings.Setting;
import io.heimdall.common.topic.TopicException;
import io.heimdall.common.topic.TopicNames;
import io.heimdall.mqtt.props.Props;
import io.heimdall.plugin.auth.MqttAction;
import io.heimdall.plugin.events.EventType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Future;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubCompReasonCode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * PUBLISH packets from the client: validation, topic aliases, receive maximum, exactly-once
 * bookkeeping for QoS 2, hand-over to dist, and acknowledgements in arrival order.
 */
final class InboundPublishes {
  /** Publishes of one client that may wait for dist before its socket stops being read. */
  static final int MAX_WAITING_FOR_DIST = 200;
  private final MqttSession session;
  private final TopicAliasesIn aliases;
  private final OrderedAcks acks = new OrderedAcks();
  private final ReadThrottle throttle;
  private final MessagePublisher publisher;
  private final Set<Integer> awaitingRelease = new HashSet<>();
  private int unacknowledged;
  private long nextMessageId;

  InboundPublishes(MqttSession session) {
    this.session = session;
    this.aliases = new TopicAliasesIn(session.spec().topicAliasLimit());
    this.throttle = new ReadThrottle(session.endpoint(), MAX_WAITING_FOR_DIST);
    this.publisher = new MessagePublisher(session);
  }

  void onPublish(MqttPublishMessage m) {
    session.ctx().metrics().received();
    int qos = m.qosLevel().value();
    if (qos > session.setting(Setting.MaximumQoS)) {
      session.disconnect(MqttDisconnectReasonCode.QOS_NOT_SUPPORTED, "QoS " + qos + " not supported");
      return;
    }
    MqttProperties props = session.isV5() ? m.properties() : null;
    String topic = resolveTopic(m.topicName(), (int) Props.intOf(props, MqttProperties.TOPIC_ALIAS, 0));
    if (topic == null) {
      return;
    }
    boolean retain = m.isRetain() && session.enabled(Setting.RetainEnabled);
    if (m.isRetain() && !retain && session.isV5()) {
      // CONNACK said Retain Available = 0 for this tenant.
      session.disconnect(MqttDisconnectReasonCode.RETAIN_NOT_SUPPORTED, "retain not available");
      return;
    }
    if (m.payload().length() > session.setting(Setting.MaxUserPayloadBytes)) {
      session.disconnect(MqttDisconnectReasonCode.PACKET_TOO_LARGE, "payload larger than "
        + session.setting(Setting.MaxUserPayloadBytes) + " bytes");
      return;
    }
    int packetId = m.messageId();
    if (qos == 2 && awaitingRelease.contains(packetId)) {
      // A resent QoS 2 PUBLISH whose first copy was taken: acknowledge again, do not publish twice.
      session.endpoint().publishReceived(packetId);
      return;
    }
    if (qos > 0 && unacknowledged >= session.setting(Setting.ReceivingMaximum) && session.isV5()) {
      session.disconnect(MqttDisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "receive maximum exceeded");
      return;
    }
    MessageProperties mp = Props.messagePropertiesOf(props);
    long expiry = Props.intOf(props, MqttProperties.PUBLICATION_EXPIRY_INTERVAL, Message.NO_EXPIRY);
    Message message = new Message(nextMessageId++, qos, m.payload(), System.currentTimeMillis(), expiry, retain, mp);
    if (qos == 0) {
      publish(topic, message).onSuccess(outcome -> {
        if (outcome == PubOutcome.ERROR) {
          // QoS 0 has no acknowledgement to carry the failure: the event is all that is left of it.
          session.report(EventType.PUB_DROPPED, Map.of("topic", topic, "reason", "dist unavailable or overloaded"));
        }
      });
      return;
    }
    unacknowledged++;
    if (qos == 2) {
      awaitingRelease.add(packetId);
    }
    OrderedAcks.Slot slot = acks.reserve();
    if (mp.payloadFormatUtf8() && session.enabled(Setting.PayloadFormatValidationEnabled) && !isUtf8(message)) {
      slot.fill(() -> ack(qos, packetId, PubOutcome.PAYLOAD_FORMAT_INVALID));
      return;
    }
    publish(topic, message).onComplete(ar -> slot.fill(() -> ack(qos, packetId, ar.succeeded() ? ar.result() : PubOutcome.ERROR)));
  }

  void onPubrel(int packetId) {
    boolean known = awaitingRelease.remove(packetId);
    if (known) {
      unacknowledged--;
    }
    if (session.isV5()) {
      Mqtt5PubReplies.pubcomp(session.endpoint(), packetId, known ? MqttPubCompReasonCode.SUCCESS
        : MqttPubCompReasonCode.PACKET_IDENTIFIER_NOT_FOUND, MqttSession.noProperties());
    } else {
      session.endpoint().publishComplete(packetId);
    }
  }

  private String resolveTopic(String topicName, int alias) {
    TopicAliasesIn.Resolution r = aliases.resolve(topicName, alias);
    if (r instanceof TopicAliasesIn.InvalidAlias invalid) {
      session.disconnect(MqttDisconnectReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + invalid.alias() + " invalid");
      return null;
    }
    if (r instanceof TopicAliasesIn.UnknownAlias unknown) {
      session.disconnect(MqttDisconnectReasonCode.PROTOCOL_ERROR, "topic alias " + unknown.alias() + " not set");
      return null;
    }
    if (r instanceof TopicAliasesIn.MissingTopic) {
      session.disconnect(MqttDisconnectReasonCode.PROTOCOL_ERROR, "empty topic name without a topic alias");
      return null;
    }
    String topic = ((TopicAliasesIn.Topic) r).name();
    try {
      TopicNames.validate(topic, session.spec().limits());
      return topic;
    } catch (TopicException e) {
      session.disconnect(MqttDisconnectReasonCode.TOPIC_NAME_INVALID, e.getMessage());
      return null;
    }
  }

  /** Publishes unless the auth provider forbids it. */
  private Future<PubOutcome> publish(String topic, Message message) {
    throttle.started();
    return authorizeAndPublish(topic, message).andThen(ar -> throttle.finished());
  }

  private Future<PubOutcome> authorizeAndPublish(String topic, Message message) {
    MqttAction action = new MqttAction(MqttAction.Type.PUB, topic, message.qos());
    return Future.fromCompletionStage(session.ctx().plugins().authProvider().checkPermission(session.client(), action),
        session.ctx().vertx().getOrCreateContext())
      .recover(e -> Future.succeededFuture(session.enabled(Setting.ByPassPermCheckError)))
      .compose(allowed -> {
        if (!allowed) {
          session.report(EventType.PUB_DROPPED, Map.of("topic", topic, "reason", "not authorized"));
          return Future.succeededFuture(PubOutcome.NOT_AUTHORIZED);
        }
        return publisher.publish(topic, message);
      });
  }

  /** Acknowledges a QoS 1/2 publish with its outcome (MQTT 3 has no codes: the ack just says received). */
  private void ack(int qos, int packetId, PubOutcome outcome) {
    if (session.isClosed()) {
      return;
    }
    if (qos == 1) {
      unacknowledged--;
      if (session.isV5()) {
        session.endpoint().publishAcknowledge(packetId, outcome.pubAck,
          Props.reason(outcome.reason, session.spec().problemInformation()));
      } else {
        session.endpoint().publishAcknowledge(packetId);
      }
      return;
    }
    if ((outcome.pubRec.value() & 0xFF) >= 0x80) {
      // An error PUBREC (0x80 and up) ends the exchange: the id is free and no PUBREL will come.
      awaitingRelease.remove(packetId);
      unacknowledged--;
    }
    if (session.isV5()) {
      Mqtt5PubReplies.pubrec(session.endpoint(), packetId, outcome.pubRec,
        Props.reason(outcome.reason, session.spec().problemInformation()));
    } else {
      session.endpoint().publishReceived(packetId);
    }
  }

  private static boolean isUtf8(Message message) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message.payload().getBytes()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
