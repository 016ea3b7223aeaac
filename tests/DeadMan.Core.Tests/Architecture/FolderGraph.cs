using System.Reflection;

namespace DeadMan.Core.Tests.Architecture;

/// <summary>
/// Which of an assembly's top folders (the namespace under its root: Monitoring, Health, Snmp …) uses which, read from
/// the compiled code: base types, interfaces, fields, signatures and every member an instruction names. Each edge keeps
/// one example of the use, so a test that finds a cycle can say where it is.
/// </summary>
internal sealed class FolderGraph
{
    private readonly Dictionary<(string From, string To), string> _edges = [];

    public FolderGraph(Assembly assembly, string root)
    {
        foreach (Type type in assembly.GetTypes())
        {
            if (Folder(type, root) is not { } from)
            {
                continue;
            }

            foreach ((Type used, string where) in Uses(type))
            {
                if (Folder(used, root) is { } to && to != from)
                {
                    _edges.TryAdd((from, to), $"{type.FullName} {where} {used.FullName}");
                }
            }
        }
    }

    public IReadOnlyCollection<(string From, string To)> Edges => _edges.Keys;

    public string Example(string from, string to) => _edges[(from, to)];

    /// <summary>Folders that depend on each other, directly or through others (Tarjan's strongly connected components).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var nodes = _edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();
        int next = 0;

        void Visit(string node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (string to in _edges.Keys.Where(e => e.From == node).Select(e => e.To))
            {
                if (!index.TryGetValue(to, out int seen))
                {
                    Visit(to);
                    low[node] = Math.Min(low[node], low[to]);
                }
                else if (onStack.Contains(to))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    cycles.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (string node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return cycles;
    }

    private static string? Folder(Type type, string root)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType!;
        }

        string? ns = type.Namespace;
        if (ns is null || !ns.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        string rest = ns[(root.Length + 1)..];
        int dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static IEnumerable<(Type Used, string Where)> Uses(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
        {
            yield return (baseType, "derives from");
        }

        foreach (Type face in type.GetInterfaces())
        {
            yield return (face, "implements");
        }

        foreach (FieldInfo field in type.GetFields(All))
        {
            yield return (field.FieldType, $"has field {field.Name} of");
        }

        foreach (MethodBase method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo { ReturnType: var returned })
            {
                yield return (returned, $"{method.Name} returns");
            }

            foreach (ParameterInfo parameter in method.GetParameters())
            {
                yield return (parameter.ParameterType, $"{method.Name} takes");
            }

            foreach (MemberInfo member in CompiledReferences.MembersUsedBy(method))
            {
                if (member.DeclaringType is { } declaring)
                {
                    yield return (declaring, $"{method.Name} uses {member.Name} of");
                }
            }
        }
    }
}
