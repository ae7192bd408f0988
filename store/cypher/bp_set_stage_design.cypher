// Set what the customer does, feels and wants at a stage, the desired and
// observed emotion and the pain points.
MATCH (s:Stage {key: $stage})
SET s.doing = $doing, s.feeling = $feeling, s.wanting = $wanting,
    s.desiredEmotion = $desiredEmotion, s.observedEmotion = $observedEmotion,
    s.painPoints = $painPoints
RETURN s.key AS key
