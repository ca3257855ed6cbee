package io.guacdaffinity.routing;

import io.guacdaffinity.conf.AffinityConfig;
import io.guacdaffinity.ring.HashRing;
import io.guacdaffinity.ring.Member;
import io.guacdaffinity.routing.RouteDecision.Outcome;
import io.guacdaffinity.routing.RouteDecision.Reason;
import io.guacdaffinity.routing.RouteDecision.Step;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Chooses the member for each connect and opens it there, failing over along the key's preference
 * list. A living pin keeps its member while that member is in the current ring and not down, so ring
 * changes never move it; otherwise the key's preference list decides, skipping members that are down
 * and, with bounded load, members at capacity. Only members of the current ring are ever chosen for
 * a key; a join goes to the member hosting its session, which may be draining out of the ring.
 * Nothing here takes a lock: the ring is an immutable snapshot, the tables are concurrent maps.
 */
public final class Router {

    private static final Logger logger = LoggerFactory.getLogger(Router.class);

    private final Supplier<HashRing> ring;
    private final PinTable pins;
    private final LoadTracker loads;
    private final Health health;
    private final int maxAttempts;
    private final double loadFactor;

    /**
     * @param ring the current ring; may return null or an empty ring when no member is known
     * @param maxAttempts most members tried per connect
     * @param loadFactor bounded-load factor c (greater than 1), or 0 for off
     */
    public Router(Supplier<HashRing> ring, PinTable pins, LoadTracker loads, Health health, int maxAttempts,
            double loadFactor) {
        if (maxAttempts < 1)
            throw new IllegalArgumentException("max attempts " + maxAttempts + " is not at least 1");
        if (loadFactor != 0 && !(loadFactor > 1.0))
            throw new IllegalArgumentException("load factor " + loadFactor + " is neither 0 nor greater than 1");
        this.ring = ring;
        this.pins = pins;
        this.loads = loads;
        this.health = health;
        this.maxAttempts = maxAttempts;
        this.loadFactor = loadFactor;
    }

    /** A router with the pin timeout, table size, cool-down, attempts and load factor of {@code config}. */
    public static Router fromConfig(AffinityConfig config, Supplier<HashRing> ring, LongSupplier clockMillis) {
        return new Router(ring,
                new PinTable(config.pinTimeoutSeconds() * 1000L, config.maxPins(), clockMillis),
                new LoadTracker(),
                new Health(config.downCooldownSeconds() * 1000L, clockMillis),
                config.maxAttempts(), config.loadFactor());
    }

    /**
     * Opens {@code attempt} on the member the key belongs to, failing over to the next members of
     * its preference list while attempts fail as unreachable. The winner becomes the key's pin.
     *
     * @throws NoMemberAvailableException no member is known, or every member tried was unreachable
     * @throws E whatever the attempt threw that was not about reachability; nothing is marked down
     */
    public <T, E extends Exception> Routed<T> open(AffinityKey key, ConnectAttempt<T, E> attempt)
            throws E, NoMemberAvailableException {
        long start = System.nanoTime();
        HashRing current = currentRing();
        List<Step> steps = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        for (int tries = 0; tries < maxAttempts; tries++) {
            Choice choice = choose(current, key, failed, steps, true);
            if (choice == null)
                break;
            Member member = choice.member;
            TunnelLease lease = new TunnelLease(member.name(),
                    choice.reserved != null ? choice.reserved : loads.increment(member.name()));
            try {
                T value = attempt.connect(member);
                lease.attach(pins.pinAndAcquire(key.text(), member.name()));
                steps.add(new Step(member.name(), Outcome.CHOSEN, choice.detail));
                return new Routed<>(value, new RouteDecision(key, member, choice.reason, steps,
                        System.nanoTime() - start), lease);
            }
            catch (MemberUnreachableException e) {
                lease.release();
                markUnreachable(member, key, e, failed, steps);
            }
            catch (Throwable t) {
                lease.release();
                throw t;
            }
        }
        throw noMember(key, current, steps);
    }

    /**
     * Opens {@code attempt} on one named member of the current ring without failover: connections an
     * admin fixed to a member (joins of live sessions use {@link #openJoin}). The tunnel is counted
     * on the member but pins nothing: where an admin put one connection says nothing about where its
     * user's other connections belong, and must not take over the key's pin.
     *
     * @param key the connection's key, shown in the decision; may be null
     */
    public <T, E extends Exception> Routed<T> openOn(String memberName, Reason reason, AffinityKey key,
            ConnectAttempt<T, E> attempt) throws E, NoMemberAvailableException {
        long start = System.nanoTime();
        HashRing current = currentRing();
        List<Step> steps = new ArrayList<>();
        Member member = current.member(memberName);
        if (member == null) {
            steps.add(new Step(memberName, Outcome.UNREACHABLE, "not a member of the current ring"));
            throw new NoMemberAvailableException("guacd member " + memberName
                    + " is not in the current ring " + names(current), steps);
        }
        return openOnMember(member, reason, key, attempt, start, steps);
    }

    /**
     * Joins a session that one of this replica's live tunnels opened on {@code host}: the session
     * lives there and nowhere else, so there is no failover and nothing is pinned. {@code host} is
     * the member as it was when that tunnel opened, and is used even when it has left the ring
     * since: a draining guacd keeps serving its sessions until they end, and a join (an admin
     * monitoring, a teacher joining) must reach it during that time as well. The caller must take
     * {@code host} only from a tunnel the router opened, never from a request.
     */
    public <T, E extends Exception> Routed<T> openJoin(Member host, ConnectAttempt<T, E> attempt)
            throws E, NoMemberAvailableException {
        return openOnMember(host, Reason.JOIN, null, attempt, System.nanoTime(), new ArrayList<>());
    }

    private <T, E extends Exception> Routed<T> openOnMember(Member member, Reason reason, AffinityKey key,
            ConnectAttempt<T, E> attempt, long start, List<Step> steps) throws E, NoMemberAvailableException {
        TunnelLease lease = new TunnelLease(member.name(), loads.increment(member.name()));
        try {
            T value = attempt.connect(member);
            steps.add(new Step(member.name(), Outcome.CHOSEN, ""));
            return new Routed<>(value, new RouteDecision(key, member, reason, steps, System.nanoTime() - start),
                    lease);
        }
        catch (MemberUnreachableException e) {
            lease.release();
            markUnreachable(member, key, e, new HashSet<>(), steps);
            throw new NoMemberAvailableException("guacd member " + member.name() + " could not be reached: "
                    + steps.get(steps.size() - 1).detail(), steps);
        }
        catch (Throwable t) {
            lease.release();
            throw t;
        }
    }

    /**
     * Where {@code key} would go now, without connecting, pinning or counting anything.
     *
     * @return null when no member is available
     */
    public RouteDecision decide(AffinityKey key) {
        long start = System.nanoTime();
        HashRing current = ring.get();
        if (current == null || current.size() == 0)
            return null;
        List<Step> steps = new ArrayList<>();
        Choice choice = choose(current, key, Set.of(), steps, false);
        if (choice == null)
            return null;
        steps.add(new Step(choice.member.name(), Outcome.CHOSEN, choice.detail));
        return new RouteDecision(key, choice.member, choice.reason, steps, System.nanoTime() - start);
    }

    private HashRing currentRing() throws NoMemberAvailableException {
        HashRing current = ring.get();
        if (current == null || current.size() == 0)
            throw new NoMemberAvailableException("no guacd member is known: the ring is empty"
                    + " (check guacd-affinity-members or guacd-affinity-srv)", List.of());
        return current;
    }

    private void markUnreachable(Member member, AffinityKey key, MemberUnreachableException e, Set<String> failed,
            List<Step> steps) {
        health.markDown(member.name());
        failed.add(member.name());
        String why = describe(e);
        steps.add(new Step(member.name(), Outcome.UNREACHABLE, why));
        logger.warn("guacd {} ({}:{}) unreachable for {}: {}; marked down for {} s",
                member.name(), member.host(), member.port(), key == null ? "a join" : key.mode() + " key",
                why, health.cooldownMillis() / 1000);
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            if (cause.getMessage() != null && out.indexOf(cause.getMessage()) < 0)
                out.append(": ").append(cause.getMessage());
        }
        return out.toString();
    }

    private NoMemberAvailableException noMember(AffinityKey key, HashRing current, List<Step> steps) {
        List<String> tried = new ArrayList<>();
        for (Step s : steps) {
            if (s.outcome() == Outcome.UNREACHABLE)
                tried.add(s.member() + " (" + s.detail() + ")");
        }
        String message = tried.isEmpty()
                ? "no guacd member of " + names(current) + " is available for " + key.mode() + " key: " + steps
                : "no guacd could be reached; tried " + String.join(", ", tried);
        return new NoMemberAvailableException(message, steps);
    }

    private static List<String> names(HashRing current) {
        List<String> out = new ArrayList<>();
        for (Member m : current.members())
            out.add(m.name());
        return out;
    }

    /**
     * The pinned member when its pin lives and it is usable; else the first usable member of the
     * preference list. Members that failed this connect are never chosen again. When every other
     * member is down, down members are tried last: failing again costs no more than refusing.
     */
    private Choice choose(HashRing current, AffinityKey key, Set<String> failed, List<Step> steps, boolean reserve) {
        PinTable.Pin pin = pins.livePin(key.text());
        String droppedPin = null;
        if (pin != null && !failed.contains(pin.member)) {
            Member pinned = current.member(pin.member);
            if (pinned != null && !health.isDown(pinned.name()))
                return new Choice(pinned, Reason.PINNED, "", null);
            droppedPin = pin.member;
            steps.add(new Step(pin.member, Outcome.PIN_DROPPED, pinned == null ? "left the ring" : "down"));
        }
        List<Member> preference = current.preferenceList(key.text());
        boolean bounded = loadFactor > 1.0;
        long totalLive = bounded ? totalLive(current) : 0;
        long usableWeight = bounded ? usableWeight(current, failed) : 0;
        boolean skippedDown = !failed.isEmpty();
        boolean skippedFull = false;
        Member firstHealthy = null;
        Member firstDown = null;
        for (Member m : preference) {
            if (failed.contains(m.name()))
                continue;
            if (health.isDown(m.name())) {
                if (!m.name().equals(droppedPin))
                    steps.add(new Step(m.name(), Outcome.SKIPPED_DOWN, ""));
                skippedDown = true;
                if (firstDown == null)
                    firstDown = m;
                continue;
            }
            if (firstHealthy == null)
                firstHealthy = m;
            String load = "";
            AtomicInteger reserved = null;
            if (bounded) {
                long capacity = HashRing.capacity(m.weight(), loadFactor, totalLive, usableWeight);
                int live = loads.liveTunnels(m.name());
                // A connect takes its slot as it checks, so concurrent connects cannot overfill a member.
                if (reserve)
                    reserved = loads.incrementBelow(m.name(), capacity);
                load = describeLoad(m, live, capacity, totalLive, usableWeight);
                if (reserve ? reserved == null : live >= capacity) {
                    steps.add(new Step(m.name(), Outcome.SKIPPED_FULL, load));
                    skippedFull = true;
                    continue;
                }
            }
            return new Choice(m, skippedDown ? Reason.FAILOVER : skippedFull ? Reason.BOUNDED_LOAD_SPILL : Reason.RING,
                    load, reserved);
        }
        // The healthy members' capacities add up to more than the total read above, so this is reached
        // only when connects arriving meanwhile filled them all; the key's own order decides then.
        if (firstHealthy != null)
            return new Choice(firstHealthy, skippedDown ? Reason.FAILOVER : Reason.RING, "every member at capacity",
                    null);
        if (firstDown != null)
            return new Choice(firstDown, Reason.FAILOVER, "", null);
        return null;
    }

    /**
     * Such as {@code 7 live, capacity 9 = ceil(1.25 x 14 x 1 / 2)}: the admin reading the log sees the
     * formula with the numbers the router used, the last one being the weight of the members not
     * marked down.
     */
    private String describeLoad(Member m, int live, long capacity, long totalLive, long usableWeight) {
        return String.format(Locale.ROOT, "%d live, capacity %d = ceil(%s x %d x %d / %d)", live, capacity,
                BigDecimal.valueOf(loadFactor).stripTrailingZeros().toPlainString(), totalLive + 1, m.weight(),
                usableWeight);
    }

    /**
     * Bounded-load capacity now of a member of {@code weight}. Members marked down take no new keys, so capacities
     * are shared among the others: counting a dead member's share would leave the survivors "full"
     * with room to spare and defeat the bound exactly when a guacd is lost.
     */
    public long capacity(HashRing current, int weight) {
        return HashRing.capacity(weight, loadFactor, totalLive(current), usableWeight(current, Set.of()));
    }

    private long usableWeight(HashRing current, Set<String> failed) {
        long usable = 0;
        for (Member m : current.members()) {
            if (!failed.contains(m.name()) && !health.isDown(m.name()))
                usable += m.weight();
        }
        return usable > 0 ? usable : current.totalWeight();
    }

    private long totalLive(HashRing current) {
        long total = 0;
        for (Member m : current.members())
            total += loads.liveTunnels(m.name());
        return total;
    }

    /** The ring in force now (null when no member is known). */
    public HashRing ring() {
        return ring.get();
    }

    public PinTable pins() {
        return pins;
    }

    public LoadTracker loads() {
        return loads;
    }

    public Health health() {
        return health;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** 0 when bounded load is off. */
    public double loadFactor() {
        return loadFactor;
    }

    private static final class Choice {

        final Member member;
        final Reason reason;

        /** Why, in numbers: the load check it passed, when bounded load is on. */
        final String detail;
        /** The member's live count, already raised by the bounded-load check; null when not yet counted. */
        final AtomicInteger reserved;

        Choice(Member member, Reason reason, String detail, AtomicInteger reserved) {
            this.member = member;
            this.reason = reason;
            this.detail = detail;
            this.reserved = reserved;
        }
    }
}
