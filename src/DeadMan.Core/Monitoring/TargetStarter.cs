using DeadMan.Core.Config;
using DeadMan.Core.Probing;

namespace DeadMan.Core.Monitoring;

/// <summary>
/// Gives each target its probe, on the engine loop (or before it starts) and nowhere else, so nothing that makes
/// probes needs a lock: a literal address at once, so its first round goes out on time; a name (or a zone that
/// names no interface yet) when <see cref="NameResolution"/>'s news of it reaches the loop.
/// </summary>
internal sealed class TargetStarter(IProbeFactory probes, IProbeSink sink, NameResolution resolution)
{
    public void Begin(MonitoredTarget target, bool paused, CancellationToken running)
    {
        if (!target.Probed)
        {
            return;
        }

        TargetAddress address = target.State.Spec.Address;
        if (address.Literal is not null)
        {
            try
            {
                Address(target, new AddressNews(AddressResolver.Literal(address), null), paused);
                return;
            }
            catch (AddressResolutionException e)
            {
                Address(target, new AddressNews(null, e.Message), paused);
            }
        }

        resolution.Start(target, running);
    }

    /// <summary>An address found (the probe is made) or not (each round fails with why, until one is).</summary>
    public void Address(MonitoredTarget target, AddressNews news, bool paused)
    {
        if (news.Address is not { } address)
        {
            target.Scheduled.Failure = news.Note;
            target.State.SetAddress(null, news.Note);
            return;
        }

        try
        {
            IProbe probe = probes.Create(target.State.Id, target.State.Spec.Probe, address, sink);
            if (paused)
            {
                probe.Pause(true);
            }

            target.Scheduled.Probe = probe;
            target.Scheduled.Failure = null;
            target.State.SetAddress(address, null);
        }
#pragma warning disable CA1031 // a probe that cannot be made must show in its row, not stop the engine
        catch (Exception e)
#pragma warning restore CA1031
        {
            target.Scheduled.Failure = e.Message;
            target.State.SetAddress(address, $"cannot probe: {e.Message}");
        }
    }
}
