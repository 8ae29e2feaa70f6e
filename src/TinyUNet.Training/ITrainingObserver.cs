namespace TinyUNet.Training;

/// <summary>Progress of a run, for a console or a log; the trainer itself writes nothing to the console.</summary>
public interface ITrainingObserver
{
    void RunStarted(TrainingPlan plan);
    void BatchDone(int epoch, int batch, int batches, double loss);
    void EpochDone(EpochResult result);
}
