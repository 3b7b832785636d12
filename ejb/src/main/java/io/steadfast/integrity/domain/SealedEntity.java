package io.steadfast.integrity.domain;

import io.steadfast.integrity.infrastructure.IntegrityListener;
import jakarta.persistence.Embedded;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.MappedSuperclass;

/** Base of every integrity-protected entity: the check columns and the listener that fills and checks them. */
@MappedSuperclass
@EntityListeners(IntegrityListener.class)
public abstract class SealedEntity implements IntegrityProtected {

    @Embedded
    private IntegrityColumns integrity = new IntegrityColumns();

    @Override
    public IntegrityColumns integrity() {
        return integrity;
    }
}
