package io.heimdall.mqtt;

import java.util.concurrent.TimeUnit;

/** Waits for a condition with a deadline, polling; never a bare sleep as synchronisation. */
final class Await {
  private Await() {
  }

  /** A condition that may throw while it is not yet met. */
  interface Check {
    boolean met() throws Exception;
  }

  static void until(Check condition, long timeoutSeconds, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!condition.met()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " not within " + timeoutSeconds + " s");
      }
      Thread.sleep(20);
    }
  }
}
