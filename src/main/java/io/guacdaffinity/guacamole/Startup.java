package io.guacdaffinity.guacamole;

import io.guacdaffinity.admin.AdminReports;
import io.guacdaffinity.admin.NotRoutingReports;
import io.guacdaffinity.admin.RouterReports;
import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.conf.ConfigurationException;
import io.guacdaffinity.conf.PropertyLookup;
import io.guacdaffinity.membership.Membership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * What the provider starts with: a running {@link AffinityService} and the reports over it, or, when
 * the configuration is bad, no service and reports that say why. Guacamole must keep running with
 * its connections unchanged whatever is wrong here, so every failure ends in one ERROR line.
 */
final class Startup {

    private static final Logger logger = LoggerFactory.getLogger(Startup.class);

    final Optional<AffinityService> service;
    final AdminReports reports;

    private Startup(Optional<AffinityService> service, AdminReports reports) {
        this.service = service;
        this.reports = reports;
    }

    static Startup routing(AffinityService service) {
        return new Startup(Optional.of(service), new RouterReports(service, System::currentTimeMillis));
    }

    static Startup notRouting(String reason) {
        return new Startup(Optional.empty(), new NotRoutingReports(reason));
    }

    /** Reads {@code lookup}; each bad property is named in one ERROR line, with what is accepted. */
    static Startup from(PropertyLookup lookup) {
        AffinityConfig config;
        try {
            config = AffinityConfig.from(lookup);
        }
        catch (ConfigurationException e) {
            logger.error("guacd-affinity is NOT routing (connections go to their provider's guacd unchanged)"
                    + " because of {} bad propert{}:\n  {}", e.problems().size(),
                    e.problems().size() == 1 ? "y" : "ies", String.join("\n  ", e.problems()));
            return notRouting(String.join("; ", e.problems()));
        }
        catch (RuntimeException e) {
            return failed("its configuration could not be read", "Reading the guacd-affinity configuration", e);
        }
        Membership membership;
        try {
            membership = Membership.start(config);
        }
        catch (RuntimeException e) {
            return failed("its members could not be set up", "Setting up the guacd-affinity members", e);
        }
        try {
            return routing(AffinityService.start(config, membership));
        }
        catch (RuntimeException e) {
            // the membership thread would outlive a service that never started
            membership.close();
            return failed("routing could not be started", "Starting guacd-affinity routing", e);
        }
    }

    /** One ERROR line an administrator can act on; the stack trace, for a bug report, at DEBUG. */
    static Startup failed(String what, String debugWhat, RuntimeException e) {
        logger.error("guacd-affinity is NOT routing: {}: {}", what, String.valueOf(e.getMessage()));
        logger.debug("{} failed", debugWhat, e);
        return notRouting(String.valueOf(e.getMessage()));
    }
}
