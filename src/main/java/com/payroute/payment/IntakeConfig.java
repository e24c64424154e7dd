package com.payroute.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How accepts of one merchant are stored together (group commit, {@link IntakeGroups}). */
@ConfigMapping(prefix = "payroute.intake")
public interface IntakeConfig {

    /** Transactions storing one merchant's new payments at once; accepts arriving meanwhile wait and go together. */
    @WithDefault("4")
    int transactions();

    /** At most this many payments in one of those transactions. 1 stores every payment alone. */
    @WithDefault("16")
    int groupSize();
}
