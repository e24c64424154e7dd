package com.payroute.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the test-wide resources (for every @QuarkusTest of the run). */
@QuarkusTestResource(value = TestVhost.class, restrictToAnnotatedClass = false)
public class TestResources {
}
