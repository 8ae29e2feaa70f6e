using System.CommandLine;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Training;
using TinyUNet.Training.Data;
using TinyUNet.Training.Dicom;
using TinyUNet.Training.SelfTraining;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `relabel`: self-training's step between teacher and student. A set with binary infection masks (a training config's
/// dataset, e.g. the pseudo-labelled one) is written as a GGO / consolidation set whose kind a teacher model decides
/// (<see cref="PseudoLabelRelabeller"/>). JSON report on stdout, progress on stderr.
/// </summary>
public static class RelabelCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "Teacher bundle (trained on labelled slices only).", Required = true };
        var config = new Option<FileInfo>("--config") { Description = "Training config whose dataset has the infection masks (e.g. models/training/covid-semiseg-pseudo-pretrain.json).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for images/ and masks/ (0 background, 1 GGO, 2 consolidation).", Required = true };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads (0 = every core; 1 beside another run)." };
        var command = new Command("relabel", "Relabel a binary infection set into GGO / consolidation with a teacher model (self-training).")
        {
            model, config, output, device, threads,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            string bundle = parse.GetValue(model)!.FullName;
            CpuInference.Prepare(parse.GetValue(device)!);
            using SegmentationModel teacher = SegmentationModel.Load(bundle, new InferenceOptions
            {
                Device = parse.GetValue(device)!, BatchSize = 1, Lanes = 1, ThreadsPerLane = parse.GetValue(threads),
            });
            TrainingConfig settings = TrainingConfigFile.Read(parse.GetValue(config)!.FullName);
            string[] classNames = [.. teacher.Manifest.Classes.OrderBy(c => c.Index).Select(c => c.Name)];
            ISegmentationDataset dataset = DatasetFactory.Open(settings.Dataset with { LungField = LungFieldMode.None }, classNames,
                teacher.Manifest.Input.Channels[0], DicomSegDatasets.Openers);
            (int Ggo, int Consolidation) lesions = (Array.IndexOf(classNames, "ggo"), Array.IndexOf(classNames, "consolidation"));
            if (lesions.Ggo < 0 || lesions.Consolidation < 0)
                throw new ArgumentException($"{bundle}: a teacher needs the classes ggo and consolidation; it has {string.Join(", ", classNames)}.");
            // The infection mask says where; the teacher only says which kind, so its arg-max is over GGO and consolidation
            // alone (a teacher that missed a lesion still prefers one kind), and the guard has nothing to decide.
            var segmenter = new SliceSegmenter(teacher, LungGuardOption.Postprocessing(lungGuard: false), [lesions.Ggo, lesions.Consolidation]);
            int total = dataset.SampleNames.Count;
            var progress = new Progress<int>(done =>
            {
                if (done % 100 == 0 || done == total) Console.Error.WriteLine($"relabelled {done}/{total}");
            });
            RelabelReport report = PseudoLabelRelabeller.Run(segmenter.SegmentWindowed, bundle, dataset,
                lesions, parse.GetValue(output)!.FullName,
                progress, cancellationToken);
            CliJson.Write(new { report.Dataset, report.Teacher, report.Slices, report.InfectionPixels, report.ConsolidationPixels, report.TeacherAgreement, report.Output });
            return ExitCodes.Success;
        })));
        return command;
    }
}
