package io.heimdall.common.rpc;

/** Nobody listens at the address (the service is gone or not yet registered): the request was not delivered. */
public class RpcUnreachableException extends RpcException {
    public RpcUnreachableException(String address, Throwable cause) {
        super(ReplyCode.TRY_LATER, "no handler at " + address, null, cause);
    }

    @Override
    public boolean notDelivered() {
        return true;
    }
}
