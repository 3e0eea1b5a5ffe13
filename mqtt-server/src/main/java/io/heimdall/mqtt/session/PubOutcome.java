package io.heimdall.mqtt.session;

import io.heimdall.dist.client.PubResult;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;

/** How an inbound publish ended, with its MQTT 5 PUBACK and PUBREC reason codes. */
enum PubOutcome {
  SUCCESS(MqttPubAckReasonCode.SUCCESS, MqttPubRecReasonCode.SUCCESS, null),
  NO_MATCH(MqttPubAckReasonCode.NO_MATCHING_SUBSCRIBERS, MqttPubRecReasonCode.NO_MATCHING_SUBSCRIBERS, null),
  ERROR(MqttPubAckReasonCode.UNSPECIFIED_ERROR, MqttPubRecReasonCode.UNSPECIFIED_ERROR,
    "the message could not be handed on"),
  NOT_AUTHORIZED(MqttPubAckReasonCode.NOT_AUTHORIZED, MqttPubRecReasonCode.NOT_AUTHORIZED,
    "not authorized to publish to this topic"),
  QUOTA_EXCEEDED(MqttPubAckReasonCode.QUOTA_EXCEEDED, MqttPubRecReasonCode.QUOTA_EXCEEDED, "quota exceeded"),
  PAYLOAD_FORMAT_INVALID(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID, MqttPubRecReasonCode.PAYLOAD_FORMAT_INVALID,
    "payload is not valid UTF-8");

  final MqttPubAckReasonCode pubAck;
  final MqttPubRecReasonCode pubRec;
  /** The reason string sent with an error acknowledgement, null for none. */
  final String reason;

  PubOutcome(MqttPubAckReasonCode pubAck, MqttPubRecReasonCode pubRec, String reason) {
    this.pubAck = pubAck;
    this.pubRec = pubRec;
    this.reason = reason;
  }

  static PubOutcome of(PubResult result) {
    return switch (result) {
      case OK -> SUCCESS;
      case NO_MATCH -> NO_MATCH;
      case ERROR -> ERROR;
    };
  }
}
