package io.heimdall.plugin.loader;

/** A configured plugin cannot be found or created; startup must stop with this message. */
public final class PluginLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public PluginLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
