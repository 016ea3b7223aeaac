using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeadMan.Core.Tests.Properties;

/// <summary>Issue 11: whatever rounds are recorded (skipped, late, out of order), the ring holds exactly the newest N.</summary>
public class HistoryRingProperties
{
    [Property(MaxTest = 500)]
    public Property Should_hold_exactly_the_latest_result_of_each_of_the_newest_rounds_When_rounds_come_in_any_order() =>
        Prop.ForAll(Gen.Zip(Gen.Choose(1, 12), Gen.Zip(Gen.Choose(0, 40), Gen.Choose(1, 3000)).ArrayOf()).ToArbitrary(), run =>
        {
            var (capacity, results) = run;
            var ring = new HistoryRing(capacity);
            var model = new Dictionary<long, int>();
            long latest = -1;
            foreach (var (round, rttMicros) in results)
            {
                ring.Record(round, ProbeResult.Reply(TimeSpan.FromMicroseconds(rttMicros), 64));
                // The ring keeps a result only while its round is among the newest 'capacity' rounds.
                if (round > latest - capacity)
                {
                    model[round] = rttMicros;
                    latest = Math.Max(latest, round);
                }
            }

            RoundHistory history = ring.Freeze();
            return history.LatestRound == latest
                && Enumerable.Range(-2, 45).All(r =>
                {
                    HistoryEntry entry = history[r];
                    bool kept = r > latest - capacity && r <= latest && model.ContainsKey(r);
                    return kept
                        ? entry.Outcome == ProbeOutcome.Reply && entry.Rtt == TimeSpan.FromMicroseconds(model[r])
                        : entry == default;
                });
        });
}
