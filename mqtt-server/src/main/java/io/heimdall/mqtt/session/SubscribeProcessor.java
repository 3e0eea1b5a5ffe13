package io.heimdall.mqtt.session;

import java.util.function.Supplier;
import io.heimdall.common.settings.Setting;
import io.heimdall.common.topic.TopicException;
import io.heimdall.common.topic.TopicFilter;
import io.heimdall.mqtt.props.Props;
import io.heimdall.mqtt.subs.LocalSubscription;
import io.heimdall.plugin.auth.MqttAction;
import io.heimdall.plugin.events.EventType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.vertx.core.Future;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SUBSCRIBE and UNSUBSCRIBE of one session, handled one packet at a time so that the order of
 * subscription changes is the client's; a client that piles up too many is disconnected.
 */
final class SubscribeProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(SubscribeProcessor.class);
  static final int MAX_PENDING = 64;

  private final MqttSession session;
  private Future<Void> tail = Future.succeededFuture();
  private int pending;

  SubscribeProcessor(MqttSession session) {
    this.session = session;
  }

  void onSubscribe(MqttSubscribeMessage m) {
    enqueue(() -> subscribe(m));
  }

  void onUnsubscribe(MqttUnsubscribeMessage m) {
    enqueue(() -> unsubscribe(m));
  }

  private void enqueue(Supplier<Future<Void>> step) {
    if (pending >= MAX_PENDING) {
      session.disconnect(MqttDisconnectReasonCode.MESSAGE_RATE_TOO_HIGH, "too many pending subscription requests");
      return;
    }
    pending++;
    tail = tail.transform(ignored -> session.isClosed() ? Future.succeededFuture() : step.get())
      .andThen(ar -> pending--);
  }

  private Future<Void> subscribe(MqttSubscribeMessage m) {
    List<Integer> ids = Props.intsOf(session.isV5() ? m.properties() : null, MqttProperties.SUBSCRIPTION_IDENTIFIER);
    int subscriptionId = ids.isEmpty() ? 0 : ids.get(0);
    if (subscriptionId != 0 && !session.enabled(Setting.SubscriptionIdentifierEnabled)) {
      session.disconnect(MqttDisconnectReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
        "subscription identifiers not supported");
      return Future.succeededFuture();
    }
    List<Future<Granted>> results = new ArrayList<>();
    int index = 0;
    for (MqttTopicSubscription ts : m.topicSubscriptions()) {
      if (session.isV5() && ts.subscriptionOption().isNoLocal() && isSharedName(ts.topicName())) {
        // MQTT-3.8.3-4: no-local on a shared subscription is a protocol error.
        session.disconnect(MqttDisconnectReasonCode.PROTOCOL_ERROR, "no local on a shared subscription");
        return Future.succeededFuture();
      }
      results.add(index++ < session.setting(Setting.MaxTopicFiltersPerSub)
        ? subscribeOne(ts, subscriptionId) : Future.succeededFuture(Granted.refused(MqttSubAckReasonCode.QUOTA_EXCEEDED)));
    }
    return Future.join(results).transform(ignored -> {
      List<Granted> granted = results.stream()
        .map(f -> f.succeeded() ? f.result() : Granted.refused(MqttSubAckReasonCode.UNSPECIFIED_ERROR)).toList();
      List<MqttSubAckReasonCode> codes = granted.stream().map(Granted::code).toList();
      if (session.isClosed()) {
        return Future.succeededFuture();
      }
      if (session.isV5()) {
        session.endpoint().subscribeAcknowledge(m.messageId(), codes, MqttSession.noProperties());
      } else {
        session.endpoint().subscribeAcknowledge(m.messageId(), codes.stream().map(SubscribeProcessor::toV3).toList());
      }
      granted.forEach(this::sendRetained);
      return Future.succeededFuture();
    });
  }

  private Future<Granted> subscribeOne(MqttTopicSubscription ts, int subscriptionId) {
    TopicFilter filter;
    try {
      filter = TopicFilter.parse(ts.topicName(), session.spec().limits());
    } catch (TopicException e) {
      return Future.succeededFuture(Granted.refused(MqttSubAckReasonCode.TOPIC_FILTER_INVALID));
    }
    if (filter.hasWildcard() && !session.enabled(Setting.WildcardSubscriptionEnabled)) {
      return Future.succeededFuture(Granted.refused(MqttSubAckReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED));
    }
    if (filter.isShared() && !session.enabled(Setting.SharedSubscriptionEnabled)) {
      return Future.succeededFuture(Granted.refused(MqttSubAckReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED));
    }
    MqttSubscriptionOption option = ts.subscriptionOption();
    int qos = Math.min(ts.qualityOfService().value(), session.setting(Setting.MaximumQoS));
    MqttAction action = new MqttAction(MqttAction.Type.SUB, filter.raw(), qos);
    return Future.fromCompletionStage(session.ctx().plugins().authProvider().checkPermission(session.client(), action),
        session.ctx().vertx().getOrCreateContext())
      .recover(e -> Future.succeededFuture(session.enabled(Setting.ByPassPermCheckError)))
      .compose(allowed -> {
        if (!allowed) {
          return Future.succeededFuture(Granted.refused(MqttSubAckReasonCode.NOT_AUTHORIZED));
        }
        if (session.isClosed()) {
          return Future.succeededFuture(Granted.refused(MqttSubAckReasonCode.UNSPECIFIED_ERROR));
        }
        boolean v5 = session.isV5();
        LocalSubscription sub = new LocalSubscription(session, filter, qos, v5 && option.isNoLocal(),
          v5 && option.isRetainAsPublished(), subscriptionId);
        if (session.isPersistent() && !session.subscriptions().containsKey(filter.raw())
          && session.subscriptions().size() >= session.setting(Setting.MaxTopicFiltersPerInbox)) {
          // The inbox would refuse it too; answering here saves the round trip.
          return Future.succeededFuture(Granted.refused(MqttSubAckReasonCode.QUOTA_EXCEEDED));
        }
        boolean isNew = session.subscriptions().put(filter.raw(), sub) == null;
        // MQTT 3 has no retain handling: retained messages are always sent on subscribe.
        int retainHandling = v5 ? option.retainHandling().value() : 0;
        return session.route(sub)
          .map(v -> {
            session.report(EventType.SUBSCRIBED, Map.of("filter", filter.raw()));
            return new Granted(MqttSubAckReasonCode.qosGranted(MqttQoS.valueOf(qos)), sub,
              retainHandling == 0 || retainHandling == 1 && isNew);
          })
          .recover(e -> {
            session.subscriptions().remove(filter.raw(), sub);
            return Future.succeededFuture(Granted.refused(MqttSubAckReasonCode.UNSPECIFIED_ERROR));
          });
      });
  }

  private Future<Void> unsubscribe(MqttUnsubscribeMessage m) {
    List<Future<MqttUnsubAckReasonCode>> results = new ArrayList<>();
    for (String raw : m.topics()) {
      LocalSubscription sub = session.subscriptions().remove(raw);
      if (sub == null) {
        results.add(Future.succeededFuture(TopicFilter.isValid(raw, session.spec().limits())
          ? MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED : MqttUnsubAckReasonCode.TOPIC_FILTER_INVALID));
      } else {
        session.report(EventType.UNSUBSCRIBED, Map.of("filter", raw));
        results.add(session.unroute(sub).map(MqttUnsubAckReasonCode.SUCCESS)
          // The local subscription is gone either way; a route left behind only costs a wasted delivery.
          .otherwise(MqttUnsubAckReasonCode.SUCCESS));
      }
    }
    return Future.join(results).transform(ignored -> {
      if (session.isClosed()) {
        return Future.succeededFuture();
      }
      if (session.isV5()) {
        session.endpoint().unsubscribeAcknowledge(m.messageId(), results.stream().map(Future::result).toList(),
          MqttSession.noProperties());
      } else {
        session.endpoint().unsubscribeAcknowledge(m.messageId());
      }
      return Future.succeededFuture();
    });
  }

  /** Delivers the retained messages a new subscription asked for; shared subscriptions get none (MQTT-4.8.2-6). */
  private void sendRetained(Granted granted) {
    LocalSubscription sub = granted.subscription();
    if (!granted.sendRetained() || sub.filter().isShared() || !session.enabled(Setting.RetainEnabled)) {
      return;
    }
    session.ctx().retain().match(session.client().tenantId(), sub.filter().raw(),
        session.setting(Setting.RetainMessageMatchLimit))
      .onSuccess(messages -> messages.forEach(retained -> session.deliverRetained(retained, sub)))
      // The subscription stands; only its retained messages are missing (no retain service reachable).
      .onFailure(e -> LOG.debug("retained messages for {} unavailable: {}", sub.filter().raw(), e.getMessage()));
  }

  /**
   * The outcome of one filter of a SUBSCRIBE.
   *
   * @param code         the SUBACK reason code
   * @param subscription the subscription when granted, else null
   * @param sendRetained whether its retain handling asks for the retained messages now
   */
  private record Granted(MqttSubAckReasonCode code, LocalSubscription subscription, boolean sendRetained) {
    static Granted refused(MqttSubAckReasonCode code) {
      return new Granted(code, null, false);
    }
  }

  private static boolean isSharedName(String filter) {
    return filter.startsWith(TopicFilter.SHARE_PREFIX) || filter.startsWith(TopicFilter.ORDERED_SHARE_PREFIX);
  }

  private static MqttQoS toV3(MqttSubAckReasonCode code) {
    return switch (code) {
      case GRANTED_QOS0 -> MqttQoS.AT_MOST_ONCE;
      case GRANTED_QOS1 -> MqttQoS.AT_LEAST_ONCE;
      case GRANTED_QOS2 -> MqttQoS.EXACTLY_ONCE;
      default -> MqttQoS.FAILURE;
    };
  }
}
