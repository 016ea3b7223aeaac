using System.Text.Json.Serialization;

namespace DeadMan.Core.Probing.Relay;

/// <summary>The request body of RouterOS's /rest/ping, serialised by generated code: reflection would send nothing from a native binary.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class RouterOsJson : JsonSerializerContext;
