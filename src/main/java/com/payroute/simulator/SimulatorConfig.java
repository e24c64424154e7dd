package com.payroute.simulator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "payroute.simulator")
public interface SimulatorConfig {

    /** Where the simulated channels are served; the seeded channels' base URLs point here. */
    String baseUrl();

    /** How many simulated channels to seed (sim-01 ...). */
    @WithDefault("32")
    int channels();
}
