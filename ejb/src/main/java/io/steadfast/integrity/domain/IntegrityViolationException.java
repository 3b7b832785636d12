package io.steadfast.integrity.domain;

/** A protected row failed its integrity codes beyond repair; it has been quarantined. */
public class IntegrityViolationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String entity;
    private final String id;

    public IntegrityViolationException(String entity, String id, String reason) {
        super(entity + " " + id + " failed its integrity check (" + reason + ") and is quarantined");
        this.entity = entity;
        this.id = id;
    }

    public String entity() {
        return entity;
    }

    public String id() {
        return id;
    }
}
