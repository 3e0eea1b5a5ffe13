package io.heimdall.mqtt.session;

import io.heimdall.common.message.Message;
import io.heimdall.common.settings.Setting;
import io.heimdall.retain.store.RetainResult;
import io.vertx.core.Future;

/**
 * Hands a client's message to dist for the live subscribers and, when it carries the retain flag,
 * to the retain service; the outcome is dist's unless keeping it retained failed.
 */
final class MessagePublisher {
  private final MqttSession session;

  MessagePublisher(MqttSession session) {
    this.session = session;
  }

  Future<PubOutcome> publish(String topic, Message message) {
    Future<PubOutcome> live = session.ctx().dist().pub(session.client(), topic, message).map(PubOutcome::of);
    if (!message.retain()) {
      return live;
    }
    Future<PubOutcome> kept = session.ctx().retain()
      .retain(session.client().tenantId(), topic, message, session.client(), session.setting(Setting.RetainedTopicLimit))
      .map(result -> switch (result) {
        case RETAINED, CLEARED, COLLECTED -> PubOutcome.SUCCESS;
        case EXCEED_LIMIT -> PubOutcome.QUOTA_EXCEEDED;
        case BAD_REQUEST -> PubOutcome.ERROR;
      })
      .otherwise(PubOutcome.ERROR);
    return Future.join(live, kept).transform(ignored -> {
      PubOutcome retained = kept.result();
      return Future.succeededFuture(retained == PubOutcome.SUCCESS ? live.result() : retained);
    });
  }
}
