package io.heimdall.mqtt.session;

import io.heimdall.common.message.ClientInfo;
import io.heimdall.mqtt.props.Props;
import io.heimdall.plugin.auth.AuthResult;
import io.heimdall.plugin.auth.Mqtt5AuthData;
import io.heimdall.plugin.auth.Mqtt5ExtendedAuthData;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Future;
import io.vertx.mqtt.messages.MqttAuthenticationExchangeMessage;
import io.vertx.mqtt.messages.codes.MqttAuthenticateReasonCode;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;

import java.util.List;
import java.util.Optional;

/**
 * MQTT 5 AUTH packets of an established session (re-authentication), routed to the auth plugin.
 * The authenticated tenant and user must not change.
 */
final class ReAuthentication {
  private final MqttSession session;

  ReAuthentication(MqttSession session) {
    this.session = session;
  }

  void onAuth(MqttAuthenticationExchangeMessage m) {
    String method = m.authenticationMethod();
    if (!session.isV5() || method == null || !method.equals(session.spec().authMethod())) {
      session.disconnect(MqttDisconnectReasonCode.PROTOCOL_ERROR, "AUTH without the CONNECT authentication method");
      return;
    }
    boolean reAuth = m.reasonCode() == MqttAuthenticateReasonCode.RE_AUTHENTICATE;
    byte[] data = m.authenticationData() == null ? new byte[0] : m.authenticationData().getBytes();
    Mqtt5AuthData initial = new Mqtt5AuthData(session.clientId(), Optional.empty(), Optional.empty(),
      Optional.of(method), Optional.of(data), List.of(), session.client().meta(ClientInfo.MQTT_ADDRESS), Optional.empty());
    Future.fromCompletionStage(session.ctx().plugins().authProvider()
        .extendedAuth(new Mqtt5ExtendedAuthData(initial, method, data, reAuth)), session.ctx().vertx().getOrCreateContext())
      .onComplete(ar -> {
        if (session.isClosed()) {
          return;
        }
        AuthResult result = ar.succeeded() ? ar.result()
          : new AuthResult.Reject(AuthResult.Reject.Code.ERROR, String.valueOf(ar.cause()));
        if (result instanceof AuthResult.Ok ok && ok.tenantId().equals(session.client().tenantId())) {
          session.endpoint().authenticationExchange(MqttAuthenticationExchangeMessage.create(
            MqttAuthenticateReasonCode.SUCCESS, authProps(method, null)));
        } else if (result instanceof AuthResult.Continue more) {
          session.endpoint().authenticationExchange(MqttAuthenticationExchangeMessage.create(
            MqttAuthenticateReasonCode.CONTINUE_AUTHENTICATION, authProps(method, more.authData())));
        } else {
          session.disconnect(MqttDisconnectReasonCode.NOT_AUTHORIZED, "re-authentication failed");
        }
      });
  }

  private static MqttProperties authProps(String method, byte[] data) {
    MqttProperties props = new MqttProperties();
    Props.putString(props, MqttProperties.AUTHENTICATION_METHOD, method);
    if (data != null) {
      props.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, data));
    }
    return props;
  }
}
