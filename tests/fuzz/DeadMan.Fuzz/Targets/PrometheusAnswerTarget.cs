using DeadMan.Core.Monitoring;
using DeadMan.Core.Remote;

namespace DeadMan.Fuzz;

/// <summary>
/// Answers a Prometheus-compatible server (or anything posing as one) gives the --from viewer: read as a vector and as
/// a matrix, each either series or a <see cref="RemoteException"/>; a vector's series then turned into hosts, whose
/// states are deadman's and whose figures are never negative.
/// </summary>
public static class PrometheusAnswerTarget
{
    private static readonly RemoteReader s_reader = new(new PrometheusApi(new Uri("http://fuzz.invalid/"), new HttpClient()));

    public static void Run(ReadOnlySpan<byte> input)
    {
        string body = System.Text.Encoding.UTF8.GetString(input);
        try
        {
            _ = PrometheusApi.ParseMatrix(body);
        }
        catch (RemoteException)
        {
        }

        IReadOnlyList<Sample> samples;
        try
        {
            samples = PrometheusApi.Parse(body);
        }
        catch (RemoteException)
        {
            return;
        }

        foreach (RemoteHost host in s_reader.Hosts(samples, samples))
        {
            Oracle.Check(Enum.IsDefined(host.Status), $"state {host.Status}");
            foreach (VantageReading v in host.Vantages)
            {
                Oracle.Check(Enum.IsDefined(v.Status) && v.Sent >= 0 && v.Received >= 0 && !(v.RttMs < 0) && !(v.LossPercent > 100) && !double.IsNaN(v.RttMs ?? 0),
                             $"vantage {v}");
            }
        }
    }
}
