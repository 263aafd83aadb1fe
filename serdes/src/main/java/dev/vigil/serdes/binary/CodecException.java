package dev.vigil.serdes.binary;

/**
 * Bytes that a codec cannot read: an unknown format version, truncated or trailing bytes, an
 * unknown tag. Unchecked, so that a corrupt store value or record fails loudly where it is read.
 */
public class CodecException extends RuntimeException {
    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
