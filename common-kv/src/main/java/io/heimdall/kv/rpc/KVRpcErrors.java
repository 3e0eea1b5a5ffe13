package io.heimdall.kv.rpc;

import io.heimdall.common.rpc.ReplyCode;
import io.heimdall.common.rpc.RpcException;
import io.heimdall.kv.landscape.DescriptorJson;
import io.heimdall.kv.store.KVRangeException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Carries {@link KVRangeException} across the wire: the reply code for generic callers, and a payload of
 * {@code {"code": <KVRangeException.Code name>, "latest": <descriptor, BAD_VERSION only>}} so the exact exception is rebuilt on the caller.
 */
final class KVRpcErrors {
    private KVRpcErrors() {
    }

    static RpcException toRpc(Throwable failure) {
        Throwable e = unwrap(failure);
        KVRangeException kv = e instanceof KVRangeException k ? k
            : new KVRangeException(KVRangeException.Code.ERROR, String.valueOf(e), null, e);
        JsonObject detail = new JsonObject().put("code", kv.code().name());
        if (kv.latest() != null) {
            detail.put("latest", DescriptorJson.toJson(kv.latest()));
        }
        return new RpcException(replyCode(kv.code()), reason(kv), detail.toBuffer(), null);
    }

    /** The KV exception an RPC failure stands for; transport failures (timeouts, no handler) pass unchanged. */
    static Throwable fromRpc(Throwable failure) {
        Throwable e = unwrap(failure);
        if (!(e instanceof RpcException re) || re.getClass() != RpcException.class) {
            return e;
        }
        if (re.payload().length() == 0) {
            // a generic error answered by the RPC layer itself, not by the store
            return new KVRangeException(kvCode(re.code()), re.reason(), null, null);
        }
        try {
            JsonObject detail = new JsonObject(re.payload());
            KVRangeException.Code code = KVRangeException.Code.valueOf(detail.getString("code"));
            JsonObject latest = detail.getJsonObject("latest");
            return new KVRangeException(code, re.reason(), latest == null ? null : DescriptorJson.rangeFromJson(latest),
                null);
        } catch (RuntimeException bad) {
            return new KVRangeException(kvCode(re.code()), re.reason() + " (unreadable detail: " + bad + ")", null,
                null);
        }
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String reason(KVRangeException e) {
        String prefix = e.code() + ": ";
        String m = String.valueOf(e.getMessage());
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static ReplyCode replyCode(KVRangeException.Code code) {
        return switch (code) {
            case BAD_VERSION -> ReplyCode.BAD_VERSION;
            case TRY_LATER -> ReplyCode.TRY_LATER;
            case NOT_FOUND -> ReplyCode.NO_MATCH;
            case BACK_PRESSURE_REJECTED -> ReplyCode.BACK_PRESSURE_REJECTED;
            case BAD_REQUEST, ERROR -> ReplyCode.ERROR;
        };
    }

    private static KVRangeException.Code kvCode(ReplyCode code) {
        return switch (code) {
            case BAD_VERSION -> KVRangeException.Code.BAD_VERSION;
            case TRY_LATER -> KVRangeException.Code.TRY_LATER;
            case NO_MATCH -> KVRangeException.Code.NOT_FOUND;
            case BACK_PRESSURE_REJECTED -> KVRangeException.Code.BACK_PRESSURE_REJECTED;
            case OK, ERROR -> KVRangeException.Code.ERROR;
        };
    }
}
