package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.event.ReleaseReason;
import dev.vigil.serdes.event.StepStatus;
import dev.vigil.serdes.event.TaskStatus;

/**
 * Stable one-byte codes of the event enums kept in state. Written out here rather than taken from
 * {@code ordinal()}, so that reordering an enum in another module cannot silently reinterpret
 * stored state. 0 means "none" (null).
 */
final class EnumCodes {
    private EnumCodes() {
    }

    static int code(TaskStatus s) {
        if (s == null) {
            return 0;
        }
        return switch (s) {
            case SUBMITTED -> 1;
            case RUNNING -> 2;
            case SUCCEEDED -> 3;
            case FAILED -> 4;
            case CANCELLED -> 5;
        };
    }

    static TaskStatus taskStatus(int code, ByteReader in) {
        return switch (code) {
            case 0 -> null;
            case 1 -> TaskStatus.SUBMITTED;
            case 2 -> TaskStatus.RUNNING;
            case 3 -> TaskStatus.SUCCEEDED;
            case 4 -> TaskStatus.FAILED;
            case 5 -> TaskStatus.CANCELLED;
            default -> throw in.bad("unknown task status code " + code);
        };
    }

    static int code(StepStatus s) {
        if (s == null) {
            return 0;
        }
        return switch (s) {
            case QUEUED -> 1;
            case RUNNING -> 2;
            case SUCCEEDED -> 3;
            case FAILED -> 4;
            case CANCELLED -> 5;
            case TIMED_OUT -> 6;
        };
    }

    static StepStatus stepStatus(int code, ByteReader in) {
        return switch (code) {
            case 0 -> null;
            case 1 -> StepStatus.QUEUED;
            case 2 -> StepStatus.RUNNING;
            case 3 -> StepStatus.SUCCEEDED;
            case 4 -> StepStatus.FAILED;
            case 5 -> StepStatus.CANCELLED;
            case 6 -> StepStatus.TIMED_OUT;
            default -> throw in.bad("unknown step status code " + code);
        };
    }

    static int code(ReleaseReason r) {
        if (r == null) {
            return 0;
        }
        return switch (r) {
            case RELEASED -> 1;
            case EXPIRED -> 2;
            case REVOKED -> 3;
        };
    }

    static ReleaseReason releaseReason(int code, ByteReader in) {
        return switch (code) {
            case 0 -> null;
            case 1 -> ReleaseReason.RELEASED;
            case 2 -> ReleaseReason.EXPIRED;
            case 3 -> ReleaseReason.REVOKED;
            default -> throw in.bad("unknown release reason code " + code);
        };
    }
}
