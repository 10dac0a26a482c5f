using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;

namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>An LVM2 volume group read from its physical volumes' text metadata (the highest seqno wins).</summary>
internal sealed class LvmVolumeGroup
{
    private const int MaxSegments = 100_000;

    private LvmVolumeGroup(string name, string id, long seqNo, long extentSizeBytes, IReadOnlyList<LvmPhysicalVolume> pvs, IReadOnlyList<LvmLogicalVolume> lvs)
    {
        Name = name;
        Id = id;
        SeqNo = seqNo;
        ExtentSizeBytes = extentSizeBytes;
        PhysicalVolumes = pvs;
        LogicalVolumes = lvs;
    }

    /// <summary>The volume group's name.</summary>
    public string Name { get; }

    /// <summary>The VG UUID as stored.</summary>
    public string Id { get; }

    /// <summary>The sequence number of the metadata used.</summary>
    public long SeqNo { get; }

    /// <summary>The extent size in bytes.</summary>
    public long ExtentSizeBytes { get; }

    /// <summary>The physical volumes the metadata lists, each with its device when it was given.</summary>
    public IReadOnlyList<LvmPhysicalVolume> PhysicalVolumes { get; }

    /// <summary>All logical volumes, hidden ones included (see <see cref="LvmLogicalVolume.Visible"/>).</summary>
    public IReadOnlyList<LvmLogicalVolume> LogicalVolumes { get; }

    /// <summary>The one volume group on <paramref name="pvs"/>; an error when they hold none or several.</summary>
    public static LvmVolumeGroup Read(IReadOnlyList<VirtualDisk> pvs)
    {
        var all = ReadAll(pvs);
        return all.Count == 1
            ? all[0]
            : throw new BadInputException($"the physical volumes hold {all.Count} volume groups ({string.Join(", ", all.Select(v => v.Name))}), expected one", pvs[0].ImagePath);
    }

    /// <summary>Every volume group whose metadata is found on <paramref name="pvs"/>.</summary>
    public static IReadOnlyList<LvmVolumeGroup> ReadAll(IReadOnlyList<VirtualDisk> pvs)
    {
        ArgumentNullException.ThrowIfNull(pvs);
        if (pvs.Count == 0)
            throw new ArgumentException("no physical volumes given", nameof(pvs));
        var labels = new Dictionary<string, VirtualDisk>(StringComparer.Ordinal);
        var candidates = new List<(string VgId, string VgName, long SeqNo, LvmConfigSection Vg, LvmMetadataCopy Copy)>();
        foreach (var source in pvs)
        {
            var label = LvmLabel.Read(source);
            if (!labels.TryAdd(label.Uuid, source))
                throw new BadInputException($"two devices carry the same PV UUID {label.Uuid}", source.ImagePath);
            foreach (var copy in LvmMetadataReader.Read(source, label))
            {
                LvmConfigSection root;
                try
                {
                    root = LvmConfigSection.Parse(copy.Text);
                }
                catch (FormatException e)
                {
                    throw new BadInputException($"LVM metadata at {copy.AreaOffset} cannot be parsed: {e.Message}", source.ImagePath);
                }
                if (root.Sections.Count != 1)
                    throw new BadInputException($"LVM metadata at {copy.AreaOffset} holds {root.Sections.Count} volume groups, expected one", source.ImagePath);
                var (vgName, vg) = root.Sections[0];
                var id = vg.String("id") ?? throw new BadInputException($"LVM metadata of VG {vgName} has no id", source.ImagePath);
                var seq = vg.Number("seqno") ?? throw new BadInputException($"LVM metadata of VG {vgName} has no seqno", source.ImagePath);
                candidates.Add((id, vgName, seq, vg, copy));
            }
        }
        if (candidates.Count == 0)
            throw new BadInputException("no LVM metadata found on the physical volumes (all areas empty or ignored)", pvs[0].ImagePath);
        var result = new List<LvmVolumeGroup>();
        foreach (var group in candidates.GroupBy(c => c.VgId, StringComparer.Ordinal))
        {
            var newest = group.Max(c => c.SeqNo);
            var best = group.Where(c => c.SeqNo == newest).ToList();
            if (best.Select(b => b.Copy.Text).Distinct(StringComparer.Ordinal).Count() > 1)
                throw new BadInputException($"VG {best[0].VgName}: metadata copies with the same seqno {newest} differ", best[0].Copy.Source.ImagePath);
            var names = best.Select(b => b.VgName).Distinct(StringComparer.Ordinal).ToList();
            result.Add(Build(names[0], group.Key, newest, best[0].Vg, labels, best[0].Copy.Source.ImagePath));
        }
        return result;
    }

    private static LvmVolumeGroup Build(string vgName, string vgId, long seqNo, LvmConfigSection vg, Dictionary<string, VirtualDisk> labels, string imageName)
    {
        BadInputException Bad(string p) => new($"LVM volume group {vgName}: {p}", imageName);
        var extentSectors = vg.Number("extent_size") ?? throw Bad("no extent_size");
        if (extentSectors <= 0 || extentSectors > (1L << 32))
            throw Bad($"impossible extent size {extentSectors} sectors");
        var extentBytes = extentSectors * 512;
        var pvs = new Dictionary<string, LvmPhysicalVolume>(StringComparer.Ordinal);
        foreach (var (pvName, pv) in vg.Section("physical_volumes")?.Sections ?? [])
        {
            var uuid = (pv.String("id") ?? throw Bad($"PV {pvName} has no id")).Replace("-", "", StringComparison.Ordinal);
            var peStart = pv.Number("pe_start") ?? throw Bad($"PV {pvName} has no pe_start");
            var peCount = pv.Number("pe_count") ?? throw Bad($"PV {pvName} has no pe_count");
            if (peStart < 0 || peCount < 0 || peStart > long.MaxValue / 1024 || peCount > long.MaxValue / 2 / extentBytes)
                throw Bad($"PV {pvName} has impossible pe_start {peStart} or pe_count {peCount}");
            labels.TryGetValue(uuid, out var source);
            if (source is not null && peStart * 512 + peCount * extentBytes > source.Length)
                throw Bad($"PV {pvName} claims {peCount} extents from sector {peStart}, beyond the end of its device ({source.Length} bytes)");
            if (!pvs.TryAdd(pvName, new LvmPhysicalVolume(pvName, uuid, peStart, peCount, source)))
                throw Bad($"PV {pvName} is listed twice");
        }
        var lvSections = vg.Section("logical_volumes")?.Sections ?? [];
        // Old-style snapshots: a hidden LV with a "snapshot" segment names the origin and the COW store.
        var snapshotStores = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, lv) in lvSections)
            foreach (var (_, seg) in lv.Sections)
                if (seg.String("type") == "snapshot" && seg.String("cow_store") is { } cow)
                    snapshotStores.Add(cow);
        var lvs = new List<LvmLogicalVolume>();
        foreach (var (lvName, lv) in lvSections)
        {
            var id = lv.String("id") ?? throw Bad($"LV {lvName} has no id");
            var status = lv.List("status")?.OfType<string>().ToList() ?? [];
            string? reason = snapshotStores.Contains(lvName) ? "it is a snapshot (copy-on-write store); snapshots are not supported" : null;
            var segments = new List<LvmSegment>();
            var segmentSections = lv.Sections.Where(s => s.Key.StartsWith("segment", StringComparison.Ordinal)).ToList();
            if (segmentSections.Count > MaxSegments)
                throw Bad($"LV {lvName} has {segmentSections.Count} segments");
            foreach (var (segName, seg) in segmentSections)
            {
                var type = seg.String("type") ?? throw Bad($"LV {lvName} {segName} has no type");
                var start = seg.Number("start_extent") ?? throw Bad($"LV {lvName} {segName} has no start_extent");
                var count = seg.Number("extent_count") ?? throw Bad($"LV {lvName} {segName} has no extent_count");
                if (start < 0 || count <= 0 || start > long.MaxValue / 4 / extentBytes || count > long.MaxValue / 4 / extentBytes)
                    throw Bad($"LV {lvName} {segName} has impossible extents {start}+{count}");
                if (type != "striped")
                {
                    reason ??= type switch
                    {
                        "thin" => "it is a thin volume; thin provisioning is not supported",
                        "thin-pool" => "it is a thin pool; thin provisioning is not supported",
                        "snapshot" => "it is a snapshot; snapshots are not supported",
                        _ => $"segment type '{type}' is not supported (linear and striped volumes are)",
                    };
                    segments.Add(new LvmSegment(start, count, type, 0, []));
                    continue;
                }
                var stripeCount = seg.Number("stripe_count") ?? throw Bad($"LV {lvName} {segName} has no stripe_count");
                var stripeList = seg.List("stripes") ?? throw Bad($"LV {lvName} {segName} has no stripes");
                if (stripeCount is < 1 or > 128 || stripeList.Count != stripeCount * 2 || count % stripeCount != 0)
                    throw Bad($"LV {lvName} {segName}: {stripeCount} stripes do not match the stripe list or {count} extents");
                var stripeSize = stripeCount > 1 ? seg.Number("stripe_size") ?? throw Bad($"LV {lvName} {segName} has no stripe_size") : 0;
                if (stripeCount > 1 && (stripeSize <= 0 || (stripeSize & (stripeSize - 1)) != 0 || extentSectors % stripeSize != 0))
                    throw Bad($"LV {lvName} {segName}: impossible stripe size {stripeSize} sectors");
                var perStripe = count / stripeCount;
                var stripes = new List<LvmStripe>();
                for (var i = 0; i < stripeCount; i++)
                {
                    if (stripeList[2 * i] is not string pvName || stripeList[2 * i + 1] is not long pe)
                        throw Bad($"LV {lvName} {segName}: stripe {i} is not a (PV name, extent) pair");
                    if (!pvs.TryGetValue(pvName, out var pv))
                        throw Bad($"LV {lvName} {segName}: stripe on unknown PV {pvName}");
                    if (pe < 0 || pe > pv.PeCount - perStripe)
                        throw Bad($"LV {lvName} {segName}: extents {pe}+{perStripe} are beyond the {pv.PeCount} extents of PV {pvName}");
                    if (pv.Source is null)
                        reason ??= $"its physical volume {pvName} (UUID {pv.Uuid}) is missing";
                    stripes.Add(new LvmStripe(pv, pe));
                }
                segments.Add(new LvmSegment(start, count, type, stripeSize, stripes));
            }
            segments.Sort((a, b) => a.StartExtent.CompareTo(b.StartExtent));
            var next = 0L;
            foreach (var s in segments)
            {
                if (s.StartExtent != next)
                    throw Bad($"LV {lvName}: segments leave a gap or overlap at extent {Math.Min(next, s.StartExtent)}");
                next = s.EndExtent;
            }
            var expectedCount = lv.Number("segment_count");
            if (expectedCount is not null && expectedCount != segments.Count)
                throw Bad($"LV {lvName}: segment_count {expectedCount} but {segments.Count} segments");
            if (segments.Count == 0)
                reason ??= "it has no segments";
            lvs.Add(new LvmLogicalVolume(vgName, lvName, id, status.Contains("VISIBLE"), extentBytes, segments, reason, imageName));
        }
        return new LvmVolumeGroup(vgName, vgId, seqNo, extentBytes, [.. pvs.Values], lvs);
    }
}
