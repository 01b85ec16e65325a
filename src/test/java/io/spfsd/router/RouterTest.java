package io.spfsd.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spfsd.node.Mount;
import io.spfsd.node.RuntimeView;
import io.spfsd.os.ProcessTable;
import io.spfsd.testing.FakeProcessTable;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RouterTest {
    static Mount mount(int pid, long start) {
        return new Mount(pid, start, RuntimeView.empty(), Instant.now());
    }

    // init(1) -> shell(10) -> app(20) -> worker(30);  init -> other(40)
    final FakeProcessTable procs = new FakeProcessTable().add(1, 0, 1).add(10, 1, 100).add(20, 10, 200)
            .add(30, 20, 300).add(40, 1, 400);
    final Router router = new Router(procs);

    @Test
    void callersSeeTheirNearestRegisteredAncestor() throws Exception {
        Mount shell = mount(10, 100);
        Mount app = mount(20, 200);
        router.mount(shell);
        router.mount(app);
        assertThat(router.resolve(30)).isSameAs(app);
        assertThat(router.resolve(20)).isSameAs(app);
        assertThat(router.resolve(10)).isSameAs(shell);
        assertThat(router.resolve(40)).isSameAs(router.defaultMount());
        assertThat(router.resolve(12345)).as("unknown process").isSameAs(router.defaultMount());
        assertThat(router.mountCount()).isEqualTo(2);
    }

    @Test
    void aDuplicateRootIsAnErrorThatNamesIt() throws Exception {
        router.mount(mount(20, 200));
        assertThatThrownBy(() -> router.mount(mount(20, 200))).isInstanceOf(RuntimeExistsException.class)
                .hasMessageContaining("PID 20");
    }

    @Test
    void aRecycledPidNeverInheritsTheOldRuntimeNorEndsIt() throws Exception {
        Mount old = new Mount("old", 20, 200, RuntimeView.empty(), Instant.now(), null);
        router.mount(old);
        procs.add(20, 10, 999); // PID 20 died and was reused by a new process
        assertThat(router.resolve(30)).isSameAs(router.defaultMount());
        Mount fresh = new Mount("fresh", 20, 999, RuntimeView.empty(), Instant.now(), null);
        router.mount(fresh); // takes the route of the stale registration
        assertThat(router.resolve(20)).isSameAs(fresh);
        assertThat(old.isClosed()).as("its other processes (its group) may still use it").isFalse();
        assertThat(router.mounts()).containsExactlyInAnyOrder(old, fresh);
        assertThat(router.unmount(old)).as("it ends as its processes do").isTrue();
        assertThat(router.resolve(20)).as("without taking the new root's route").isSameAs(fresh);
    }

    @Test
    void unmountReportsWhetherAnythingWasRemoved() throws Exception {
        Mount m = mount(10, 100);
        router.mount(m);
        assertThat(router.unmount(10)).containsSame(m);
        assertThat(m.isClosed()).isTrue();
        assertThat(router.unmount(10)).isEmpty();
        assertThat(router.resolve(30)).isSameAs(router.defaultMount());
        assertThat(router.mountCount()).isZero();
    }

    @Test
    void noDepthLosesTheView() throws Exception {
        FakeProcessTable deep = new FakeProcessTable().add(1, 0, 1);
        for (int pid = 2; pid <= 5_000; pid++) {
            deep.add(pid, pid - 1, pid);
        }
        Router r = new Router(deep);
        Mount far = mount(2, 2);
        r.mount(far);
        assertThat(r.resolve(5_000)).as("4,998 levels up").isSameAs(far);
    }

    @Test
    void aCycleReadDuringARaceEndsTheWalk() throws Exception {
        FakeProcessTable cycle = new FakeProcessTable().add(1, 0, 1).add(10, 11, 10).add(11, 10, 11);
        Router r = new Router(cycle);
        r.mount(mount(500, 500));
        assertThat(r.resolve(10)).isSameAs(r.defaultMount());
        assertThat(cycle.reads.get()).isLessThanOrEqualTo(ProcessTable.MAX_DEPTH);
    }

    @Test
    void aProcessTableThatCannotBeReadFailsTheRequestInsteadOfShowingTheEmptyView() throws Exception {
        FakeProcessTable broken = FakeProcessTable.unreadable();
        Router r = new Router(broken);
        r.mount(mount(500, 500));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.resolve(10))
                .isInstanceOf(ProcessTable.LookupFailedException.class);
    }
}
