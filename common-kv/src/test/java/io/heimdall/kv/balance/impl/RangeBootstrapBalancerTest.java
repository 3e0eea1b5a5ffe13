package io.heimdall.kv.balance.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.heimdall.kv.balance.BalanceCommand;
import io.heimdall.kv.balance.BalanceResult;
import io.heimdall.kv.balance.StoreBalancer;
import io.heimdall.kv.balance.SyntheticLandscape;
import io.heimdall.kv.balance.TestClock;
import io.heimdall.kv.range.Boundary;
import io.heimdall.kv.range.KVRangeId;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangeBootstrapBalancerTest {
    private final TestClock clock = new TestClock();
    private final RangeBootstrapBalancerFactory factory = new RangeBootstrapBalancerFactory();

    @Test
    void bootstrapsTheFullBoundaryAfterARandomDelayWhenNoRangeExists() {
        StoreBalancer b = factory.newBalancer("dist.worker", "s1", clock.context(7));
        b.update(SyntheticLandscape.stores("s1", "s2").build());
        BalanceResult first = b.balance();
        long waited = 0;
        if (first instanceof BalanceResult.AwaitBalance a) {
            assertThat(a.delay()).isLessThanOrEqualTo(Duration.ofMillis(2000));
            clock.advance(a.delay().toMillis());
            waited = a.delay().toMillis();
        }
        BalanceResult now = b.balance();
        assertThat(now).isInstanceOf(BalanceResult.BalanceNow.class);
        BalanceCommand.Bootstrap cmd = (BalanceCommand.Bootstrap) ((BalanceResult.BalanceNow) now).command();
        assertThat(cmd.executor()).isEqualTo("s1");
        assertThat(cmd.boundary()).isEqualTo(Boundary.FULL);
        assertThat(cmd.rangeId().id()).isZero();
        assertThat(waited).isLessThanOrEqualTo(2000);
        // asked again at once it waits before another attempt
        assertThat(b.balance()).isInstanceOf(BalanceResult.AwaitBalance.class);
    }

    @Test
    void theDelayIsAFunctionOfTheSeed() {
        StoreBalancer a = factory.newBalancer("dist.worker", "s1", clock.context(42));
        StoreBalancer b = factory.newBalancer("dist.worker", "s1", clock.context(42));
        a.update(SyntheticLandscape.stores("s1").build());
        b.update(SyntheticLandscape.stores("s1").build());
        assertThat(a.balance()).isEqualTo(b.balance());
    }

    @Test
    void doesNothingOnceAnyRangeExistsOrBeforeTheLocalStoreIsKnown() {
        StoreBalancer b = factory.newBalancer("dist.worker", "s1", clock.context(1));
        b.update(SyntheticLandscape.stores("s1", "s2")
            .range(new KVRangeId(5, 0), 0, Boundary.FULL, "s2", Set.of("s2"), Set.of()).build());
        clock.advance(10_000);
        assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);

        b.update(SyntheticLandscape.stores("s2").build());
        clock.advance(10_000);
        assertThat(b.balance()).isEqualTo(BalanceResult.NO_NEED);
    }

    @Test
    void zeroDelayRuleBootstrapsAtOnce() {
        StoreBalancer b = factory.newBalancer("dist.worker", "s1", clock.context(1));
        b.update(new io.vertx.core.json.JsonObject().put("maxBootstrapDelayMillis", 0));
        b.update(SyntheticLandscape.stores("s1").build());
        assertThat(b.balance()).isInstanceOf(BalanceResult.BalanceNow.class);
    }

    @Test
    void validatesItsRules() {
        assertThat(factory.validate(factory.initialLoadRules())).isEmpty();
        assertThat(factory.validate(new io.vertx.core.json.JsonObject().put("maxBootstrapDelayMillis", -1)))
            .singleElement().asString().startsWith("maxBootstrapDelayMillis:");
        assertThat(factory.validate(new io.vertx.core.json.JsonObject().put("nope", 1)))
            .singleElement().asString().startsWith("nope: unknown rule");
    }
}
