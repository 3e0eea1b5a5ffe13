package io.heimdall.common.rpc;

/** No reply within the call's timeout: the request may or may not have taken effect. */
public class RpcTimeoutException extends RpcException {
    public RpcTimeoutException(String address, long timeoutMillis, Throwable cause) {
        super(ReplyCode.TRY_LATER, "no reply from " + address + " within " + timeoutMillis + " ms", null, cause);
    }
}
