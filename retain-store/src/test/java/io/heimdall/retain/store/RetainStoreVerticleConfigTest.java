package io.heimdall.retain.store;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad store section stops the role before anything starts, naming the offending key. */
class RetainStoreVerticleConfigTest {
  @Test
  void anUnknownBalancerFailsTheDeploymentWithItsKeyPath() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = new JsonObject().put("balanceConfig", new JsonObject().put("balancers",
        new JsonObject().put("no.such.BalancerFactory", new JsonObject())));
      assertThatThrownBy(() -> vertx.deployVerticle(new RetainStoreVerticle(), new DeploymentOptions().setConfig(config))
        .await(30, TimeUnit.SECONDS))
        .hasMessageContaining("retainServiceConfig.store.balanceConfig.balancers.no.such.BalancerFactory");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
