help evl
