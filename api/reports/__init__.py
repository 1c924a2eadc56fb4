"""/api/v1/…/report and …/impact: reports for those who may read them, and the public impact of venues and areas."""
