package io.guacdaffinity.routing;

import io.guacdaffinity.conf.Excerpt;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Chooses the member for each connect and opens it there, failing over along the key's preference
 * list. The ring is the memory: a key goes to the first member of its preference list that is not
 * marked down and, with bounded load, below its capacity. The only stickiness is live: while a key
 * has live tunnels on a member that is still in the ring, usable and below capacity, its next
 * tunnel joins them. Nothing is remembered once the last one closes, so a failed-over key goes home
 * as soon as home is usable again, and keys the ring hands to an added member go there at their
 * next connect. Open tunnels are never moved. A join goes to the member hosting its session, which
 * may be draining out of the ring.
 *
 * <p>Nothing here takes a lock on the way to a decision: the ring is an immutable snapshot, counts
 * are atomics, and a decision allocates nothing (the bounded-load slot is taken with one CAS).
 *
 * <p>It is longer than the classes around it on purpose: connects, explain, {@code plan} and the
 * benchmarks must run this one {@code choose} rule, and the bounded-load slot is taken and given
 * back beside the decision it guards; split apart, two copies of the rule would drift.
 */
public final class Router {

    /** A decision packed in a long: the member's index, the reason, and whether its slot was taken. */
    private static final long NONE = -1;
    private static final int REASON_SHIFT = 32;
    private static final long RESERVED = 1L << 40;
    private static final Reason[] REASONS = Reason.values();

    /** Members already met on one walk of a preference list, reused per thread so a walk allocates nothing. */
    private static final ThreadLocal<long[]> SEEN = ThreadLocal.withInitial(() -> new long[1]);

    private final Supplier<HashRing> ring;
    private final LiveKeys liveKeys;
    private final LoadTracker loads;
    private final Health health;
    private final int maxAttempts;
    private final double loadFactor;
    /** Asks a silent member whether it answers at all; null when health checks are off. */
    private final Optional<MemberCheck> check;

    private final ConnectStatistics statistics = new ConnectStatistics();

    /** The live counters of the ring last seen, index for index, so a decision sums them without a lookup. */
    private volatile Counters counters;

    /**
     * @param ring the current ring; may return null or an empty ring when no member is known
     * @param maxAttempts most members tried per connect
     * @param loadFactor bounded-load factor c (greater than 1), or 0 for off
     */
    public Router(Supplier<HashRing> ring, LiveKeys liveKeys, LoadTracker loads, Health health, int maxAttempts,
            double loadFactor) {
        this(ring, liveKeys, loads, health, maxAttempts, loadFactor, Optional.empty());
    }

    /**
     * @param check asks a member that stayed silent whether it answers health checks; empty (checks
     *        off) counts silences instead, marking a member down once several different keys met one
     */
    public Router(Supplier<HashRing> ring, LiveKeys liveKeys, LoadTracker loads, Health health, int maxAttempts,
            double loadFactor, Optional<MemberCheck> check) {
        if (maxAttempts < 1)
            throw new IllegalArgumentException("max attempts " + maxAttempts + " is not at least 1");
        if (loadFactor != 0 && !(loadFactor > 1.0))
            throw new IllegalArgumentException("load factor " + loadFactor + " is neither 0 nor greater than 1");
        this.ring = ring;
        this.liveKeys = liveKeys;
        this.loads = loads;
        this.health = health;
        this.maxAttempts = maxAttempts;
        this.loadFactor = loadFactor;
        this.check = check;
    }

    /** {@link #open(AffinityKey, ConnectAttempt, Consumer)} for values that need no closing. */
    public <T, E extends Exception> Routed<T> open(AffinityKey key, ConnectAttempt<T, E> attempt)
            throws E, NoMemberAvailableException {
        return open(key, attempt, value -> { });
    }

    /** {@link #open(AffinityKey, String, ConnectAttempt, Consumer)} for a connect whose requester is not known. */
    public <T, E extends Exception> Routed<T> open(AffinityKey key, ConnectAttempt<T, E> attempt,
            Consumer<? super T> discard) throws E, NoMemberAvailableException {
        return open(key, null, attempt, discard);
    }

    /**
     * Opens {@code attempt} on the member the key belongs to now, failing over to the next members of
     * its preference list while attempts fail as unreachable. The tunnel counts among the key's live
     * tunnels until its lease is released.
     *
     * @param requester who the connect is for, as log lines name them (such as {@code user "alice"}), so
     *        that following one user through the log also finds the members their connects marked down;
     *        null when not known
     * @param discard closes what a successful attempt opened, should counting it fail: a tunnel to
     *        guacd that nobody holds must not stay open
     * @throws NoMemberAvailableException no member is known, or every member tried was unreachable
     * @throws E whatever the attempt threw that was not about reachability; nothing is marked down
     */
    public <T, E extends Exception> Routed<T> open(AffinityKey key, String requester, ConnectAttempt<T, E> attempt,
            Consumer<? super T> discard) throws E, NoMemberAvailableException {
        long start = System.nanoTime();
        HashRing current = currentRing();
        AtomicInteger[] live = countersOf(current);
        List<Step> steps = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        for (int tries = 0; tries < maxAttempts; tries++) {
            long choice = choose(current, live, key.text(), failed, steps, true);
            if (choice == NONE)
                break;
            int index = (int) choice;
            Member member = current.memberAt(index);
            if ((choice & RESERVED) == 0)
                live[index].incrementAndGet();
            TunnelLease lease = new TunnelLease(member.name(), live[index]);
            T value;
            try {
                value = attempt.connect(member);
            }
            catch (MemberUnreachableException e) {
                lease.release();
                failed.add(member.name());
                if (!failedOver(member, key, requester, e, steps))
                    throw unanswered(member, key, steps);
                continue;
            }
            catch (Throwable t) {
                lease.release();
                throw t;
            }
            try {
                liveKeys.acquire(key.text(), member.name());
                lease.attach(liveKeys, key.text());
                RouteDecision decision = new RouteDecision(key, member, reason(choice), steps,
                        System.nanoTime() - start);
                statistics.connected(member.name(), decision.reason(), decision.nanos());
                return new Routed<>(value, decision, lease);
            }
            catch (Throwable t) {
                lease.release();
                discardQuietly(discard, value, member, t);
                throw t;
            }
        }
        throw noMember(key, current, steps);
    }

    /** {@link #openOn(String, Reason, AffinityKey, ConnectAttempt, Consumer)} for values that need no closing. */
    public <T, E extends Exception> Routed<T> openOn(String memberName, Reason reason, AffinityKey key,
            ConnectAttempt<T, E> attempt) throws E, NoMemberAvailableException {
        return openOn(memberName, reason, key, null, attempt, value -> { });
    }

    /**
     * Opens {@code attempt} on one named member of the current ring without failover: connections an
     * admin fixed to a member (joins of live sessions use {@link #openJoin}). The tunnel is counted
     * on the member but not among the key's live tunnels: where an admin put one connection says
     * nothing about where its user's other connections belong.
     *
     * @param key the connection's key, shown in the decision; may be null
     * @param requester who the connect is for, as log lines name them; null when not known
     */
    public <T, E extends Exception> Routed<T> openOn(String memberName, Reason reason, AffinityKey key,
            String requester, ConnectAttempt<T, E> attempt, Consumer<? super T> discard)
            throws E, NoMemberAvailableException {
        long start = System.nanoTime();
        HashRing current = currentRing();
        List<Step> steps = new ArrayList<>();
        Member member = current.member(memberName);
        if (member == null) {
            steps.add(new Step(memberName, Outcome.LEFT_RING, "not a member of the current ring"));
            throw new NoMemberAvailableException("guacd member " + memberName
                    + " is not in the current ring " + names(current), steps);
        }
        return openOnMember(member, reason, key, requester, attempt, discard, start, steps);
    }

    /**
     * Joins a session that one of this replica's live tunnels opened on {@code host}: the session
     * lives there and nowhere else, so there is no failover and it is not counted for any key.
     * {@code host} is the member as it was when that tunnel opened, and is used even when it has left
     * the ring since: a draining guacd keeps serving its sessions until they end, and a join (an
     * admin monitoring, a teacher joining) must reach it during that time as well. The caller must
     * take {@code host} only from a tunnel the router opened, never from a request.
     *
     * @param requester who joins, as log lines name them; null when not known
     */
    public <T, E extends Exception> Routed<T> openJoin(Member host, String requester, ConnectAttempt<T, E> attempt,
            Consumer<? super T> discard) throws E, NoMemberAvailableException {
        return openOnMember(host, Reason.JOIN, null, requester, attempt, discard, System.nanoTime(),
                new ArrayList<>());
    }

    public <T, E extends Exception> Routed<T> openJoin(Member host, ConnectAttempt<T, E> attempt)
            throws E, NoMemberAvailableException {
        return openJoin(host, null, attempt, value -> { });
    }

    private <T, E extends Exception> Routed<T> openOnMember(Member member, Reason reason, AffinityKey key,
            String requester, ConnectAttempt<T, E> attempt, Consumer<? super T> discard, long start, List<Step> steps)
            throws E, NoMemberAvailableException {
        TunnelLease lease = new TunnelLease(member.name(), loads.increment(member.name()));
        T value;
        try {
            value = attempt.connect(member);
        }
        catch (MemberUnreachableException e) {
            lease.release();
            if (!failedOver(member, key, requester, e, steps))
                throw unanswered(member, key, steps);
            throw new NoMemberAvailableException("guacd member " + member.name() + " could not serve this connect: "
                    + steps.get(steps.size() - 1).detail(), steps);
        }
        catch (Throwable t) {
            lease.release();
            throw t;
        }
        try {
            steps.add(new Step(member.name(), Outcome.CHOSEN, ""));
            RouteDecision decision = new RouteDecision(key, member, reason, steps, System.nanoTime() - start);
            statistics.connected(member.name(), reason, decision.nanos());
            return new Routed<>(value, decision, lease);
        }
        catch (Throwable t) {
            lease.release();
            discardQuietly(discard, value, member, t);
            throw t;
        }
    }

    private static <T> void discardQuietly(Consumer<? super T> discard, T value, Member member, Throwable cause) {
        try {
            discard.accept(value);
        }
        catch (RuntimeException | Error e) {
            cause.addSuppressed(e);
            Log.logger.debug("Closing the tunnel to guacd {} after a failure to count it failed too", member.name(), e);
        }
    }

    /**
     * Where {@code key} would go now and why, with every member looked at, without connecting or
     * counting anything.
     *
     * @return null when no member is available
     */
    public RouteDecision decide(AffinityKey key) {
        long start = System.nanoTime();
        HashRing current = ring.get();
        if (current == null || current.size() == 0)
            return null;
        List<Step> steps = new ArrayList<>();
        long choice = choose(current, countersOf(current), key.text(), Set.of(), steps, false);
        if (choice == NONE)
            return null;
        return new RouteDecision(key, current.memberAt((int) choice), reason(choice), steps,
                System.nanoTime() - start);
    }

    /**
     * The member {@code key} would go to now: the decision a connect makes, without its record of
     * members looked at. Allocates nothing; null when no member is known.
     */
    public Member peek(AffinityKey key) {
        HashRing current = ring.get();
        if (current == null || current.size() == 0)
            return null;
        long choice = choose(current, countersOf(current), key.text(), Set.of(), null, false);
        return choice == NONE ? null : current.memberAt((int) choice);
    }

    /**
     * The members a connect of {@code key} would try after {@code first} fails, in order, as far as
     * its attempts reach: members marked down come last, as connect tries them only when every other
     * member has failed. Counts as they are now; nothing is counted or marked.
     */
    public List<Member> failoverOrder(AffinityKey key, Member first) {
        HashRing current = ring.get();
        List<Member> out = new ArrayList<>();
        if (current == null || current.size() == 0 || first == null)
            return out;
        AtomicInteger[] live = countersOf(current);
        Set<String> failed = new HashSet<>();
        failed.add(first.name());
        while (out.size() < maxAttempts - 1) {
            long choice = choose(current, live, key.text(), failed, null, false);
            if (choice == NONE)
                break;
            Member m = current.memberAt((int) choice);
            out.add(m);
            failed.add(m.name());
        }
        return out;
    }

    private HashRing currentRing() throws NoMemberAvailableException {
        HashRing current = ring.get();
        if (current == null || current.size() == 0)
            throw new NoMemberAvailableException("no guacd member is known: the ring is empty"
                    + " (check guacd-affinity-members or guacd-affinity-srv)", List.of());
        return current;
    }

    private AtomicInteger[] countersOf(HashRing current) {
        Counters c = counters;
        if (c != null && c.ring == current)
            return c.live;
        AtomicInteger[] live = new AtomicInteger[current.size()];
        for (int i = 0; i < live.length; i++)
            live[i] = loads.counter(current.memberAt(i).name());
        counters = new Counters(current, live);
        return live;
    }

    /**
     * Records a failed attempt by what it says about the member (contract 4) and says whether the
     * connect may go on to the next member. Only evidence about the member marks it down: a refused or
     * timed-out connect, a failed TLS handshake, a close before guacd's first word, or silence that a
     * health check confirms. A refusal of this request marks nothing. Silence from a member that
     * answers a health check at once was about the request: false, so the user hears so after one
     * timeout instead of waiting on every member.
     */
    private boolean failedOver(Member member, AffinityKey key, String requester, MemberUnreachableException e,
            List<Step> steps) {
        String why = describe(e);
        Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        // The chosen step recorded by the decision becomes the failure.
        if (last != null && last.outcome() == Outcome.CHOSEN && last.member().equals(member.name()))
            steps.remove(steps.size() - 1);
        String kind = key == null ? "join" : key.mode() + " key";
        String who = requester == null ? "a " + kind : requester + " (" + kind + ")";
        switch (e.evidence()) {
            case REQUEST:
                statistics.failed(member.name(), ConnectStatistics.Failure.REFUSED);
                steps.add(new Step(member.name(), Outcome.REFUSED, why));
                Log.logger.info("guacd {} ({}:{}) refused the connect of {}: {}; nothing marked down",
                        member.name(), member.host(), member.port(), who, why);
                return true;
            case SILENCE:
                statistics.failed(member.name(), ConnectStatistics.Failure.SILENT);
                if (check.isPresent()) {
                    if (check.get().answersNow(member)) {
                        steps.add(new Step(member.name(), Outcome.SILENT, why + "; it answers health checks"));
                        Log.logger.warn("guacd {} ({}:{}) left the connect of {} unanswered ({}) but answers a"
                                + " health check: the request itself went unanswered (a protocol this guacd lacks?);"
                                + " nothing marked down", member.name(), member.host(), member.port(), who, why);
                        return false;
                    }
                    markDown(member, who, why + ", and a health check at once failed too", steps);
                    return true;
                }
                if (key != null && health.noteSilence(member.name(), key.text())) {
                    markDown(member, who, why + " (" + Health.SILENT_KEYS_TO_MARK_DOWN
                            + " different keys met its silence within the cool-down)", steps);
                    return true;
                }
                steps.add(new Step(member.name(), Outcome.SILENT, why));
                Log.logger.info("guacd {} ({}:{}) left the connect of {} unanswered ({}); not marked down on one"
                        + " key's word", member.name(), member.host(), member.port(), who, why);
                return true;
            case MEMBER:
            default:
                statistics.failed(member.name(), ConnectStatistics.Failure.UNREACHABLE);
                markDown(member, who, why, steps);
                return true;
        }
    }

    private void markDown(Member member, String who, String why, List<Step> steps) {
        health.markDown(member.name());
        steps.add(new Step(member.name(), Outcome.UNREACHABLE, why));
        Log.logger.warn("guacd {} ({}:{}) unreachable for {}: {}; marked down for {} s{}",
                member.name(), member.host(), member.port(), who, why, health.cooldownMillis() / 1000,
                check == null ? "" : " or until a health check passes");
    }

    private static NoMemberAvailableException unanswered(Member member, AffinityKey key, List<Step> steps) {
        return new NoMemberAvailableException("guacd member " + member.name() + " left the connect of a "
                + (key == null ? "join" : key.mode() + " key") + " unanswered although it answers health checks:"
                + " the request itself was not answered (check that guacd supports the connection's protocol)",
                steps, true);
    }

    /** The failure and up to three causes, as log lines and steps show it: guacd's words may hold anything. */
    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            if (cause.getMessage() != null && out.indexOf(cause.getMessage()) < 0)
                out.append(": ").append(cause.getMessage());
        }
        return Excerpt.printable(out.toString());
    }

    private NoMemberAvailableException noMember(AffinityKey key, HashRing current, List<Step> steps) {
        List<String> tried = new ArrayList<>();
        for (Step s : steps) {
            if (s.outcome() == Outcome.UNREACHABLE || s.outcome() == Outcome.REFUSED || s.outcome() == Outcome.SILENT)
                tried.add(s.member() + " (" + s.outcome().name().toLowerCase(Locale.ROOT) + ": " + s.detail() + ")");
        }
        String message = tried.isEmpty()
                ? "no guacd member of " + names(current) + " is available for " + key.mode() + " key: " + steps
                : "no guacd could serve the connect; tried " + String.join(", ", tried);
        return new NoMemberAvailableException(message, steps);
    }

    private static List<String> names(HashRing current) {
        List<String> out = new ArrayList<>();
        for (Member m : current.members())
            out.add(m.name());
        return out;
    }

    /**
     * The one placement rule, for connects, explain, the command line and the benchmarks alike.
     * First a member where the key has live tunnels, while it is in the ring, not marked down and
     * below capacity; else the first such member of the key's preference list. Members that failed
     * this connect are never chosen again. When every usable member is full (only connects arriving
     * meanwhile can make that happen) the first usable member takes it; when every other member is
     * marked down, a down member is tried last: failing again costs no more than refusing.
     *
     * @param steps where to record each member looked at; null records nothing and allocates nothing
     * @param reserve take the chosen member's bounded-load slot in the same atomic step as the check
     * @return the member's index with the reason and {@link #RESERVED} packed in, or {@link #NONE}
     */
    private long choose(HashRing current, AtomicInteger[] live, String key, Set<String> failed, List<Step> steps,
            boolean reserve) {
        boolean bounded = loadFactor > 1.0;
        boolean anyDown = health.anyDown();
        long totalLive = 0;
        long usableWeight = current.totalWeight();
        if (bounded) {
            totalLive = sum(live);
            if (anyDown || !failed.isEmpty())
                usableWeight = usableWeight(current, failed);
        }

        String[] liveOn = liveKeys.membersOf(key);
        if (liveOn != null) {
            for (String name : liveOn) {
                int index = current.indexOf(name);
                if (index < 0) {
                    if (steps != null)
                        steps.add(new Step(name, Outcome.LEFT_RING, "the key's live tunnels there drain"));
                    continue;
                }
                if (failed.contains(name))
                    continue;
                if (anyDown && health.isDown(name)) {
                    if (steps != null)
                        steps.add(new Step(name, Outcome.SKIPPED_DOWN, "the key's live tunnels are there"));
                    continue;
                }
                long taken = take(current, live, index, totalLive, usableWeight, steps, reserve,
                        "the key's live tunnels are there; ");
                if (taken != NONE)
                    return taken | ((long) Reason.LIVE.ordinal() << REASON_SHIFT);
            }
        }

        int members = current.size();
        long[] seen = seenSet(members);
        int start = current.walkStart(HashRing.hashKey(key));
        int points = current.pointCount();
        boolean skippedDown = !failed.isEmpty();
        boolean skippedFull = false;
        int firstUsable = -1;
        int firstDown = -1;
        int asked = 0;
        for (int step = 0; step < points && asked < members; step++) {
            int index = current.memberIndexAt(start, step);
            long bit = 1L << (index & 63);
            if ((seen[index >>> 6] & bit) != 0)
                continue;
            seen[index >>> 6] |= bit;
            asked++;
            String name = current.memberAt(index).name();
            if (!failed.isEmpty() && failed.contains(name))
                continue;
            boolean traced = liveOn != null && LiveKeys.indexOf(liveOn, name) >= 0;
            if (anyDown && health.isDown(name)) {
                if (steps != null && !traced)
                    steps.add(new Step(name, Outcome.SKIPPED_DOWN, ""));
                skippedDown = true;
                if (firstDown < 0)
                    firstDown = index;
                continue;
            }
            if (firstUsable < 0)
                firstUsable = index;
            long taken = take(current, live, index, totalLive, usableWeight, traced ? null : steps, reserve, "");
            if (taken != NONE) {
                Reason reason = skippedDown ? Reason.FAILOVER : skippedFull ? Reason.SPILL : Reason.HOME;
                return taken | ((long) reason.ordinal() << REASON_SHIFT);
            }
            skippedFull = true;
        }
        if (firstUsable >= 0) {
            if (steps != null)
                steps.add(new Step(current.memberAt(firstUsable).name(), Outcome.CHOSEN, "every member at capacity"));
            Reason reason = skippedDown ? Reason.FAILOVER : Reason.SPILL;
            return firstUsable | ((long) reason.ordinal() << REASON_SHIFT);
        }
        if (firstDown >= 0) {
            if (steps != null)
                steps.add(new Step(current.memberAt(firstDown).name(), Outcome.CHOSEN, "marked down, tried last"));
            return firstDown | ((long) Reason.FAILOVER.ordinal() << REASON_SHIFT);
        }
        return NONE;
    }

    /**
     * The member at {@code index} if it is below its capacity (taking its slot when {@code reserve}),
     * recording the check either way; {@link #NONE} when it is full.
     */
    private long take(HashRing current, AtomicInteger[] live, int index, long totalLive, long usableWeight,
            List<Step> steps, boolean reserve, String context) {
        if (!(loadFactor > 1.0)) {
            if (steps != null)
                steps.add(new Step(current.memberAt(index).name(), Outcome.CHOSEN, context.isEmpty() ? ""
                        : context.substring(0, context.length() - 2)));
            return index;
        }
        Member m = current.memberAt(index);
        long capacity = HashRing.capacity(m.weight(), loadFactor, totalLive, usableWeight);
        int before = live[index].get();
        boolean room = reserve ? LoadTracker.incrementBelow(live[index], capacity) : before < capacity;
        if (steps != null)
            steps.add(new Step(m.name(), room ? Outcome.CHOSEN : Outcome.SKIPPED_FULL,
                    context + describeLoad(m, room ? before : live[index].get(), capacity, totalLive, usableWeight)));
        if (!room)
            return NONE;
        return reserve ? index | RESERVED : index;
    }

    private static long[] seenSet(int members) {
        int words = (members + 63) >>> 6;
        long[] seen = SEEN.get();
        if (seen.length < words) {
            seen = new long[words];
            SEEN.set(seen);
        }
        else {
            for (int i = 0; i < words; i++)
                seen[i] = 0;
        }
        return seen;
    }

    private static Reason reason(long choice) {
        return REASONS[(int) ((choice >>> REASON_SHIFT) & 0xFF)];
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
        return HashRing.capacity(weight, loadFactor, sum(countersOf(current)), usableWeight(current, Set.of()));
    }

    private static long sum(AtomicInteger[] live) {
        long total = 0;
        for (AtomicInteger counter : live)
            total += counter.get();
        return total;
    }

    private long usableWeight(HashRing current, Set<String> failed) {
        long usable = 0;
        for (int i = 0; i < current.size(); i++) {
            Member m = current.memberAt(i);
            if (!failed.contains(m.name()) && !health.isDown(m.name()))
                usable += m.weight();
        }
        return usable > 0 ? usable : current.totalWeight();
    }

    /** The ring in force now (null when no member is known). */
    public HashRing ring() {
        return ring.get();
    }

    /** Names of the current ring's members; empty when there is none. */
    public Set<String> memberNames() {
        HashRing current = ring.get();
        Set<String> names = new HashSet<>();
        if (current != null) {
            for (Member m : current.members())
                names.add(m.name());
        }
        return names;
    }

    public LiveKeys liveKeys() {
        return liveKeys;
    }

    public LoadTracker loads() {
        return loads;
    }

    public Health health() {
        return health;
    }

    /** Connects, their times and failed attempts per member since start-up. */
    public ConnectStatistics statistics() {
        return statistics;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** 0 when bounded load is off. */
    public double loadFactor() {
        return loadFactor;
    }

    /**
     * The logger, loaded with the first line logged: the command line's plan and route run this class
     * where no slf4j is present, and never log.
     */
    private static final class Log {

        static final Logger logger = LoggerFactory.getLogger(Router.class);
    }

    private static final class Counters {

        final HashRing ring;
        final AtomicInteger[] live;

        Counters(HashRing ring, AtomicInteger[] live) {
            this.ring = ring;
            this.live = live;
        }
    }
}
